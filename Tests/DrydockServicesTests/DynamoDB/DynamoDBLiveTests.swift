import DrydockCore
import DrydockCredentials
import DrydockCrypto
import DrydockHTTP
import DrydockServices
import Foundation
import Testing

/// Over a real socket (libcurl → libmicrohttpd): the server's SigV4 verifier accepts what the client signed,
/// so nothing the transport adds or changes breaks the signature.
@Suite struct DynamoDBLiveTests {
    @Test func aVerifyingServerAcceptsTheSignature() throws {
        let clock = ManualClock()
        let secret = "live-secret-XXXXXXXX"
        let verifier = SigV4Verifier(service: "dynamodb")
        let server = HTTPServer(responder: ClosureResponder { request in
            let signed = SigV4Request(
                method: request.method, path: request.rawPath, query: request.rawQuery,
                headers: request.headers.fields, body: request.body)
            switch verifier.verify(signed, now: clock.now(), secretFor: { $0 == "AKIALIVE" ? secret : nil }) {
            case .success(let authorization):
                let body: JSONValue = ["region": .string(authorization.region), "target": .string(request.headers["X-Amz-Target"] ?? "")]
                return HTTPResponse(status: 200, contentType: "application/x-amz-json-1.0", text: body.serialized())
            case .failure(let error):
                let body: JSONValue = ["__type": .string("com.amazon.coral.service#\(error.exceptionName)"), "message": .string(error.message)]
                return HTTPResponse(status: 400, contentType: "application/x-amz-json-1.0", text: body.serialized())
            }
        })
        try server.start()
        defer { server.stop() }

        let client = try DynamoDBClient(
            region: "ap-southeast-2",
            credentials: EnvironmentCredentialProvider(environment: Environment([
                "AWS_ACCESS_KEY_ID": "AKIALIVE", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": "live-token",
            ])),
            transport: HTTPClient(),
            environment: Environment(["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:\(server.port)"]),
            clock: clock)
        let output = try client.call("Query", ["TableName": "bookings", "Note": "ünïcode ✓"])
        #expect(output == ["region": "ap-southeast-2", "target": "DynamoDB_20120810.Query"])
    }
}
