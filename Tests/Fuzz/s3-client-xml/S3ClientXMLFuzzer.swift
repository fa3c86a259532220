import DrydockServices
import FuzzSupport

/// The production S3 client's XML reader (`S3XMLReader`), which reads every S3 answer `drydock backup`
/// gets (listings, multipart results, errors): no input may crash it, every failure names an offset
/// inside the input, and an accepted document has named elements.
enum S3ClientXMLFuzzer {
    static func run(_ input: [UInt8]) {
        do {
            let root = try S3XMLReader().read(input)
            var pending = [root]
            while let element = pending.popLast() {
                precondition(!element.name.isEmpty && !element.name.contains("<") && !element.name.contains(">"), "bad element name \(element.name)")
                pending += element.children
            }
        } catch {
            precondition((0...input.count).contains(error.offset), "offset \(error.offset) outside \(input.count) bytes")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    S3ClientXMLFuzzer.run(FuzzDriver.bytes(data, size))
    return 0
}

/// The entry point SwiftPM links as `main` (see `FuzzDriver`).
@_cdecl("fuzz_s3_client_xml_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzDriver.run(argc: argc, argv: argv, testOneInput)
}
