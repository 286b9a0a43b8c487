import FuzzSupport
import KikuchiIO

// An Oxford .ebsp file: version marker, offset table, record headers and footers, every pattern.
FuzzDriver.run { bytes in
    try FuzzInput.readAll(FuzzInput.file(bytes, named: "scan.ebsp"))
}
