import DrydockHTTP
import Testing
@testable import Interception

@Suite("Intercepted hosts: Secrets Manager")
struct SecretsManagerHostsTests {
    @Test func regionalEndpointsAreEmulatedAndMistypedRegionsRefused() {
        #expect(InterceptedHosts.route(host: "secretsmanager.us-west-2.amazonaws.com", port: 443) == .emulate)
        #expect(InterceptedHosts.route(host: "secretsmanager-fips.us-east-1.amazonaws.com", port: 443) == .emulate)
        #expect(InterceptedHosts.route(host: "secretsmanager.cn-north-1.amazonaws.com.cn", port: 443) == .emulate)
        #expect(InterceptedHosts.route(host: "secretsmanager.us-esat-1.amazonaws.com", port: 443)
            == .refuse(reason: "secretsmanager.us-esat-1.amazonaws.com is not a Secrets Manager endpoint: AWS has no region \"us-esat-1\""))
        #expect(InterceptedHosts.route(host: "secretsmanager-fips.eu-west-1.amazonaws.com", port: 443)
            == .refuse(reason: "secretsmanager-fips.eu-west-1.amazonaws.com is not a Secrets Manager endpoint: AWS has no region \"eu-west-1\""))
        #expect(InterceptedHosts.hostsFileNames.contains("secretsmanager.eu-west-1.amazonaws.com"))
    }

    @Test func requestsGoToSecretsManagerWithTheRegionChecked() throws {
        let host = try #require(HostName("secretsmanager.us-west-2.amazonaws.com"))
        func request(scope: String) -> HTTPRequest {
            HTTPRequest(method: "POST", target: "/", headers: [
                "X-Amz-Target": "secretsmanager.GetSecretValue",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/\(scope)/secretsmanager/aws4_request, SignedHeaders=host, Signature=00",
            ])
        }
        #expect(InterceptedHosts.destination(of: request(scope: "us-west-2"), host: host, port: 443, scheme: .https) == .service("secretsmanager"))
        guard case .answer(let response, let service, _) = InterceptedHosts.destination(of: request(scope: "us-east-1"), host: host, port: 443, scheme: .https) else {
            Issue.record("a request scoped to another region must be answered by the host table")
            return
        }
        #expect(service == "secretsmanager")
        #expect(response.status == 400)
        #expect(response.bodyText.contains("Credential should be scoped to a valid region, not 'us-east-1'. "))
    }
}
