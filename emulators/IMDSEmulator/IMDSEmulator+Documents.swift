import DrydockCore
import DrydockCrypto
import Foundation

extension IMDSEmulator {
    /// `iam/security-credentials/<role>`, in EC2's JSON style (member order as EC2 prints it).
    func credentialsDocument(_ key: IssuedKey) -> String {
        EC2JSON.render([
            ("Code", "Success"),
            ("LastUpdated", .string(RFC3339.string(from: key.issuedAt))),
            ("Type", "AWS-HMAC"),
            ("AccessKeyId", .string(key.accessKeyID)),
            ("SecretAccessKey", .string(key.secretAccessKey)),
            ("Token", .string(key.sessionToken)),
            ("Expiration", .string(RFC3339.string(from: key.expiration))),
        ])
    }

    /// `iam/info`: the instance profile, with `LastUpdated` of the credentials currently served.
    func iamInfoDocument() -> String {
        EC2JSON.render([
            ("Code", "Success"),
            ("LastUpdated", .string(RFC3339.string(from: authority.currentKey().issuedAt))),
            ("InstanceProfileArn", .string(instance.instanceProfileARN ?? "")),
            ("InstanceProfileId", .string(instanceProfileID)),
        ])
    }

    /// `AIPA` + 17 uppercase letters and digits, stable for an account and role.
    var instanceProfileID: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let digest = SHA256.hash(instance.accountID + ":" + (instance.role ?? ""))
        return "AIPA" + String(digest.prefix(17).map { alphabet[Int($0) % alphabet.count] })
    }

    /// `dynamic/instance-identity/document`, members in EC2's order (AWS docs example).
    func identityDocument() -> String {
        EC2JSON.render([
            ("accountId", .string(instance.accountID)),
            ("architecture", .string(instance.architecture)),
            ("availabilityZone", .string(instance.availabilityZone)),
            ("billingProducts", .null),
            ("devpayProductCodes", .null),
            ("marketplaceProductCodes", .null),
            ("imageId", .string(instance.amiID)),
            ("instanceId", .string(instance.instanceID)),
            ("instanceType", .string(instance.instanceType)),
            ("kernelId", .null),
            ("pendingTime", .string(RFC3339.string(from: launchTime))),
            ("privateIp", .string(instance.localIPv4)),
            ("ramdiskId", .null),
            ("region", .string(instance.region)),
            ("version", "2017-09-30"),
        ])
    }
}
