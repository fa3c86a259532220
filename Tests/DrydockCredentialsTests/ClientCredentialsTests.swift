import DrydockCore
@testable import DrydockCredentials
import Foundation
import Testing

/// Where the OAuth client comes from: the environment when both variables are set, else the file.
@Suite struct ClientCredentialsTests {
    @Test func installedClientFromTheFile() throws {
        let sandbox = try SecretsSandbox()
        let client = try sandbox.store.clientCredentials(environment: Environment())
        #expect(client.clientID == SecretsSandbox.clientID)
        #expect(client.clientSecret == SecretsSandbox.clientSecret)
        #expect(client.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(client.source == .file(sandbox.path(SecretsStore.clientCredentialsFile)))
    }

    @Test func webClientFromTheFile() throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write(SecretsStore.clientCredentialsFile, #"{"web": {"client_id": "web-id", "client_secret": "web-secret"}}"#)
        let client = try sandbox.store.clientCredentials(environment: Environment())
        #expect(client.clientID == "web-id")
        #expect(client.tokenURI == nil)
    }

    @Test func environmentWinsWhenBothVariablesAreSet() throws {
        let sandbox = try SecretsSandbox()
        let client = try sandbox.store.clientCredentials(
            environment: Environment(["GOOGLE_CLIENT_ID": "env-id", "GOOGLE_CLIENT_SECRET": "env-secret"]))
        #expect(client == ClientCredentials(clientID: "env-id", clientSecret: "env-secret", source: .environment))
    }

    @Test func environmentAloneNeedsNoFile() throws {
        let sandbox = try SecretsSandbox(clientFile: false)
        let client = try sandbox.store.clientCredentials(
            environment: Environment(["GOOGLE_CLIENT_ID": "env-id", "GOOGLE_CLIENT_SECRET": "env-secret"]))
        #expect(client.source == .environment)
    }

    @Test func oneVariableFallsBackToTheFile() throws {
        let sandbox = try SecretsSandbox()
        let client = try sandbox.store.clientCredentials(environment: Environment(["GOOGLE_CLIENT_ID": "env-id"]))
        #expect(client.clientID == SecretsSandbox.clientID)
    }

    @Test func oneVariableAndNoFileSaysWhichIsMissing() throws {
        let sandbox = try SecretsSandbox(clientFile: false)
        let error = #expect(throws: CredentialError.self) {
            try sandbox.store.clientCredentials(environment: Environment(["GOOGLE_CLIENT_ID": "env-id"]))
        }
        #expect(error?.code == .secretMissing)
        #expect(error?.message.contains("GOOGLE_CLIENT_ID is set but GOOGLE_CLIENT_SECRET is not") == true)
    }

    @Test func noClientAnywhere() throws {
        let sandbox = try SecretsSandbox(clientFile: false)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.clientCredentials(environment: Environment()) }
        #expect(error?.code == .secretMissing)
        #expect(error?.message.contains("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET") == true)
    }

    @Test(arguments: [
        (#"{"other": {}}"#, #"has neither an "installed" nor a "web" object"#),
        (#"{"installed": "x"}"#, #"has "installed" as a JSON string, not an object"#),
        (#"{"installed": {"client_id": "a"}}"#, #"has no "installed"."client_secret""#),
        (#"{"web": {"client_id": "", "client_secret": "s"}}"#, #"has no "web"."client_id""#),
        ("[]", "holds a JSON array, not an object"),
    ])
    func malformedClientFile(text: String, problem: String) throws {
        let sandbox = try SecretsSandbox()
        try sandbox.write(SecretsStore.clientCredentialsFile, text)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.clientCredentials(environment: Environment()) }
        #expect(error?.code == .invalidSecret)
        #expect(error?.message.contains(problem) == true)
    }

    @Test func clientFileIsValidatedLikeEverySecret() throws {
        let sandbox = try SecretsSandbox()
        chmod(sandbox.path(SecretsStore.clientCredentialsFile), 0o644)
        let error = #expect(throws: CredentialError.self) { try sandbox.store.clientCredentials(environment: Environment()) }
        #expect(error?.code == .insecureMode)
    }

    @Test func descriptionsHideTheSecret() throws {
        let client = ClientCredentials(clientID: "id", clientSecret: "the-secret-value", source: .environment)
        var dumped = ""
        dump(client, to: &dumped)
        #expect(!client.description.contains("the-secret-value"))
        #expect(!dumped.contains("the-secret-value"))
    }
}
