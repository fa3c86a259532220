import DrydockCrypto

/// gzip and deflate live in DrydockCrypto (production's `drydock backup` writes gzip too); the emulators
/// keep calling them `Zlib`.
public typealias Zlib = DrydockCrypto.Zlib
