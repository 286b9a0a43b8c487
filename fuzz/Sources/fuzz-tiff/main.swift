import FuzzSupport
import KikuchiIO

// One baseline TIFF image: its header, then the decode into a buffer of that size.
FuzzDriver.run { bytes in
    _ = try TIFFDecoder.decode(bytes, file: "pattern")
}
