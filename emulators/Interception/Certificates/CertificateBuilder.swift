import COpenSSLTLS
import DrydockCrypto
import Foundation

/// Builds the sandbox CA's self-signed certificate and the host certificates it signs, with the X.509 v3
/// extensions strict verifiers check (Python 3.13's `VERIFY_X509_STRICT`, Go, OpenSSL's `-x509_strict`):
/// key identifiers on both, critical basic constraints, key usage, and for hosts a subjectAltName and
/// the serverAuth extended key usage.
enum CertificateBuilder {
    /// The name a host certificate is for: a DNS name or an IP literal (IPv4 dotted, IPv6 without brackets).
    enum SubjectName: Equatable {
        case dns(String)
        case ip(String)

        var text: String {
            switch self {
            case .dns(let name), .ip(let name): name
            }
        }

        /// The subjectAltName value (`DNS:host` / `IP:address`); names are validated before they get here,
        /// so no `,` can smuggle another entry into OpenSSL's configuration syntax.
        var alternativeName: String {
            switch self {
            case .dns(let name): "DNS:" + name
            case .ip(let address): "IP:" + address
            }
        }
    }

    /// A self-signed CA certificate: `CA:TRUE` (critical), keyCertSign and cRLSign (critical), subject
    /// and authority key identifiers.
    static func authority(commonName: String, key: PrivateKey, notBefore: Date, notAfter: Date) throws(CertificateAuthorityError) -> Certificate {
        let certificate = try start(subject: [("O", "Drydock"), ("CN", commonName)], key: key, notBefore: notBefore, notAfter: notAfter)
        guard X509_set_issuer_name(certificate.pointer, X509_get_subject_name(certificate.pointer)) == 1 else {
            throw .openSSL("setting the CA's issuer name")
        }
        try addExtensions(to: certificate, issuer: certificate, [
            (NID_basic_constraints, "critical,CA:TRUE"),
            (NID_key_usage, "critical,keyCertSign,cRLSign"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ])
        try sign(certificate, with: key, what: "signing the CA certificate")
        return certificate
    }

    /// A host certificate signed by `issuer`: subjectAltName for `name`, digitalSignature (critical; the
    /// only usage an EC key needs for ECDHE), serverAuth, `CA:FALSE` (critical), key identifiers.
    static func host(
        _ name: SubjectName, key: PrivateKey, issuer: Certificate, issuerKey: PrivateKey, notBefore: Date, notAfter: Date
    ) throws(CertificateAuthorityError) -> Certificate {
        let certificate = try start(subject: [("O", "Drydock sandbox"), ("CN", name.text)], key: key, notBefore: notBefore, notAfter: notAfter)
        guard X509_set_issuer_name(certificate.pointer, X509_get_subject_name(issuer.pointer)) == 1 else {
            throw .openSSL("setting the issuer of the certificate for \(name.text)")
        }
        try addExtensions(to: certificate, issuer: issuer, [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_alt_name, name.alternativeName),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ])
        try sign(certificate, with: issuerKey, what: "signing the certificate for \(name.text)")
        return certificate
    }

    /// A v3 certificate with a random positive 128-bit serial, `subject`, the validity window and `key`'s
    /// public half; not yet signed.
    private static func start(
        subject: [(field: String, value: String)], key: PrivateKey, notBefore: Date, notAfter: Date
    ) throws(CertificateAuthorityError) -> Certificate {
        guard let pointer = X509_new() else { throw .openSSL("allocating a certificate") }
        let certificate = Certificate(pointer)
        guard X509_set_version(pointer, Int(X509_VERSION_3)) == 1 else { throw .openSSL("setting the certificate version") }
        try setRandomSerial(pointer)
        guard ASN1_TIME_set(X509_getm_notBefore(pointer), time_t(notBefore.timeIntervalSince1970.rounded(.down))) != nil,
              ASN1_TIME_set(X509_getm_notAfter(pointer), time_t(notAfter.timeIntervalSince1970.rounded(.down))) != nil else {
            throw .openSSL("setting the validity period")
        }
        let name = X509_get_subject_name(pointer)
        for (field, value) in subject {
            let bytes = Array(value.utf8)
            guard X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, Int32(bytes.count), -1, 0) == 1 else {
                throw .openSSL("setting the subject's \(field)")
            }
        }
        guard X509_set_pubkey(pointer, key.pointer) == 1 else { throw .openSSL("setting the public key") }
        return certificate
    }

    /// 16 random bytes, the top bit cleared (DER integers are signed; serials must be positive) and the
    /// next one set so the serial keeps all 16 bytes.
    private static func setRandomSerial(_ certificate: OpaquePointer) throws(CertificateAuthorityError) {
        var bytes = SecureRandom.bytes(16)
        bytes[0] = (bytes[0] & 0x7F) | 0x40
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else { throw .openSSL("making a serial number") }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil else { throw .openSSL("setting the serial number") }
    }

    /// Adds each extension, given in OpenSSL's configuration syntax, in order (the subject key identifier
    /// must exist before an authority key identifier that reads it from a self-signed issuer).
    private static func addExtensions(
        to certificate: Certificate, issuer: Certificate, _ extensions: [(nid: Int32, value: String)]
    ) throws(CertificateAuthorityError) {
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer.pointer, certificate.pointer, nil, nil, 0)
        for (nid, value) in extensions {
            guard let made = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw .openSSL("making the \(String(cString: OBJ_nid2sn(nid))) extension \"\(value)\"")
            }
            defer { X509_EXTENSION_free(made) }
            guard X509_add_ext(certificate.pointer, made, -1) == 1 else {
                throw .openSSL("adding the \(String(cString: OBJ_nid2sn(nid))) extension")
            }
        }
    }

    private static func sign(_ certificate: Certificate, with key: PrivateKey, what: String) throws(CertificateAuthorityError) {
        guard X509_sign(certificate.pointer, key.pointer, EVP_sha256()) > 0 else { throw .openSSL(what) }
    }
}
