/// A thin Swift wrapper over libhdf5.
public enum HDF5Library {}
