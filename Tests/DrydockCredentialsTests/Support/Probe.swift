import Testing
import Foundation
@Test func probe() {
    print("ARG0", CommandLine.arguments[0])
    print("BUNDLE", Bundle.main.bundleURL.path, Bundle.main.executableURL?.path ?? "nil")
}
