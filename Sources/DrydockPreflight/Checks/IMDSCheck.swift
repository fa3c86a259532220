import DrydockCore
import DrydockJobs
import DrydockCredentials
import DrydockHTTP

/// The instance profile through IMDSv2: a session token, the role name, the role's credentials and their
/// expiry (through the jobs' own provider), and the instance's region. Skipped when
/// `aws.instance_profile` is false.
struct IMDSCheck: PreflightCheck {
    let name = "imds"
    let summary = "IMDSv2 token, the instance role, its credentials and their expiry, the region"

    static let unreachableFix = "check that the instance has an instance profile, that IMDS is enabled (HttpEndpoint=enabled) "
        + "and, in a container, that HttpPutResponseHopLimit is at least 2"

    func run(_ context: PreflightContext) -> [PreflightResult] {
        guard context.configuration.instanceProfile.value else {
            return [PreflightResult(name, "", .skipped, "aws.instance_profile is false")]
        }
        let configuration: IMDSConfiguration
        do {
            configuration = try IMDSConfiguration(environment: context.environment)
        } catch {
            return [PreflightResult(name, "endpoint", .fail, "\(error)", fix: "fix or unset AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE)")]
        }
        let endpoint = configuration.endpoint
        // 1. IMDSv2 session token.
        let token: String
        do {
            let response = try context.transport.send(ClientRequest(
                method: "PUT", url: endpoint + "latest/api/token", headers: ["x-aws-ec2-metadata-token-ttl-seconds": "60"], timeout: 2))
            let body = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
            guard response.status == 200, !body.isEmpty else {
                return [PreflightResult(name, "token", .fail, "PUT \(endpoint)latest/api/token answered \(response.status)", fix: Self.unreachableFix)]
            }
            token = body
        } catch {
            return [PreflightResult(name, "token", .fail, "PUT \(endpoint)latest/api/token failed: \(error)", fix: Self.unreachableFix)]
        }
        var results = [PreflightResult(name, "token", .pass, "IMDSv2 session token from \(endpoint)")]
        func get(_ path: String) -> (status: Int?, text: String) {
            do {
                let response = try context.transport.send(ClientRequest(
                    method: "GET", url: endpoint + path, headers: ["x-aws-ec2-metadata-token": token], timeout: 2))
                return (response.status, response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines))
            } catch {
                return (nil, "\(error)")
            }
        }
        // 2. The role.
        let roles = get("latest/meta-data/iam/security-credentials/")
        guard roles.status == 200, let role = roles.text.split(whereSeparator: \.isNewline).first.map(String.init) else {
            let seen = roles.status.map { "answered \($0)" } ?? "failed: \(roles.text)"
            results.append(PreflightResult(name, "role", .fail, "GET …/iam/security-credentials/ \(seen): no instance role",
                                           fix: "attach an instance profile with the jobs' IAM role to the instance"))
            return results
        }
        results.append(PreflightResult(name, "role", .pass, role))
        // 3. Its credentials, through the provider the jobs use (never printed).
        // The run's one provider: the AWS checks after this one reuse what it fetched.
        do {
            let credentials = try context.imdsCredentials.expiringCredentials()
            if let expiration = credentials.expiration {
                let remaining = credentials.remaining(at: context.clock.now())
                let evidence = "temporary credentials for \(role), expire at \(RFC3339.string(from: expiration)) (in \(TokenCacheCheck.duration(remaining)))"
                results.append(PreflightResult(name, "credentials", remaining > IMDSCredentialProvider.mandatoryRefreshWindow ? .pass : .warn, evidence,
                                               fix: remaining > IMDSCredentialProvider.mandatoryRefreshWindow ? "" : "IMDS is serving credentials close to expiry; check the instance's clock and IMDS"))
            } else {
                results.append(PreflightResult(name, "credentials", .pass, "credentials for \(role) (no expiry given)"))
            }
        } catch let error as CredentialError {
            results.append(PreflightResult(name, "credentials", .fail, error.message, fix: Self.unreachableFix))
        } catch {
            results.append(PreflightResult(name, "credentials", .fail, "\(error)", fix: Self.unreachableFix))
        }
        // 4. The region.
        let region = get("latest/meta-data/placement/region")
        if region.status == 200, !region.text.isEmpty {
            let configured = context.configuration.regions.value
            results.append(PreflightResult(name, "region", .pass, "instance in \(region.text); jobs use \(configured.joined(separator: ", "))"))
        } else {
            results.append(PreflightResult(name, "region", .warn, "GET …/placement/region \(region.status.map { "answered \($0)" } ?? "failed")",
                                           fix: "set aws.regions in the configuration (the jobs do not need the instance's region)"))
        }
        return results
    }
}
