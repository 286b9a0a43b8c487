/// Operations on one pattern that know nothing about files.
public enum KikuchiImageLibrary {}
