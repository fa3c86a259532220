import DrydockCore
import DrydockHTTP
import EmulatorKit
import Foundation

/// GetDistribution (with its ETag) and ListDistributions (paged by Marker and MaxItems, in id order).
extension CloudFrontEmulator {
    func getDistribution(_ id: String, now: Date, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        let distribution = try distribution(id)
        let running = state.withLock { inProgress($0, distributionID: id, now: now).count }
        var writer = XML.Writer()
        writer.element("Distribution", xmlns: CloudFrontError.namespace) { xml in
            xml.leaf("Id", distribution.id)
            xml.leaf("ARN", distribution.arn)
            xml.leaf("Status", "Deployed")
            xml.leaf("LastModifiedTime", CloudFrontXML.timestamp(distribution.lastModified))
            xml.leaf("InProgressInvalidationBatches", String(running))
            xml.leaf("DomainName", distribution.domainName)
            xml.element("ActiveTrustedSigners") { CloudFrontXML.emptyList(&$0, enabled: false) }
            xml.element("ActiveTrustedKeyGroups") { CloudFrontXML.emptyList(&$0, enabled: false) }
            xml.element("DistributionConfig") { config in
                config.leaf("CallerReference", distribution.callerReference)
                CloudFrontXML.configBody(&config, distribution)
            }
        }
        return CloudFrontXML.response(writer, requestID: requestID, headers: [("ETag", distribution.etag)])
    }

    func listDistributions(_ request: HTTPRequest, requestID: String) throws(CloudFrontError) -> HTTPResponse {
        let page = try CloudFrontXML.Page(request)
        let sorted = distributions.values.sorted { $0.id < $1.id }
        let remaining = page.marker.isEmpty ? sorted[...] : sorted.drop { $0.id <= page.marker }
        let writer = CloudFrontXML.list("DistributionList", page: page, remaining: remaining, id: \.id) { list, distribution in
            list.element("DistributionSummary") { summary in
                summary.leaf("Id", distribution.id)
                summary.leaf("ARN", distribution.arn)
                summary.leaf("Status", "Deployed")
                summary.leaf("LastModifiedTime", CloudFrontXML.timestamp(distribution.lastModified))
                summary.leaf("DomainName", distribution.domainName)
                CloudFrontXML.configBody(&summary, distribution)
                summary.leaf("Staging", "false")
            }
        }
        return CloudFrontXML.response(writer, requestID: requestID)
    }
}

/// The XML pieces CloudFront's answers share.
enum CloudFrontXML {
    /// A list answer (`DistributionList`, `InvalidationList`): one page of `remaining` after the marker,
    /// `Marker`, `NextMarker` (the page's last id when more follow), `MaxItems`, `IsTruncated`, `Quantity`
    /// and the `Items`, each written by `summary`.
    static func list<Item>(
        _ name: String, page: Page, remaining: some Collection<Item>, id: (Item) -> String,
        summary: (inout XML.Writer, Item) -> Void
    ) -> XML.Writer {
        let items = Array(remaining.prefix(page.maxItems))
        let truncated = remaining.count > items.count
        var writer = XML.Writer()
        writer.element(name, xmlns: CloudFrontError.namespace) { xml in
            xml.leaf("Marker", page.marker)
            if truncated, let last = items.last { xml.leaf("NextMarker", id(last)) }
            xml.leaf("MaxItems", String(page.maxItems))
            xml.leaf("IsTruncated", truncated ? "true" : "false")
            xml.leaf("Quantity", String(items.count))
            if !items.isEmpty {
                xml.element("Items") { list in
                    for item in items { summary(&list, item) }
                }
            }
        }
        return writer
    }

    /// `Marker` and `MaxItems` of a list request. MaxItems must be a whole number; above 1,000 it is
    /// taken as 1,000 (assumed: the API reference gives no maximum), default 100.
    struct Page {
        let marker: String
        let maxItems: Int

        init(_ request: HTTPRequest) throws(CloudFrontError) {
            marker = request.query("Marker") ?? ""
            if let text = request.query("MaxItems") {
                guard text.utf8.count <= 9, let value = Int(text), value >= 0 else {
                    throw CloudFrontError.invalidArgument("MaxItems must be a whole number from 0 to 1000, got \"\(text.prefix(40))\".")
                }
                maxItems = min(value, 1_000)
            } else {
                maxItems = 100
            }
        }
    }

    static func response(_ writer: XML.Writer, requestID: String, status: Int = 200, headers extra: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("x-amz-request-id", requestID)
        for (name, value) in extra { headers.add(name, value) }
        headers.add("Content-Type", "text/xml")
        return HTTPResponse(status: status, headers: headers, body: writer.bytes)
    }

    /// `2026-12-05T19:00:00.000Z`.
    static func timestamp(_ date: Date) -> String {
        String(RFC3339.string(from: date).dropLast()) + ".000Z"
    }

    static func emptyList(_ xml: inout XML.Writer, enabled: Bool? = nil) {
        if let enabled { xml.leaf("Enabled", enabled ? "true" : "false") }
        xml.leaf("Quantity", "0")
    }

    /// The configuration members a DistributionConfig and a DistributionSummary share, in the order
    /// of CloudFront's schema.
    static func configBody(_ xml: inout XML.Writer, _ distribution: CloudFrontDistribution) {
        xml.element("Aliases") { aliases in
            aliases.leaf("Quantity", String(distribution.aliases.count))
            if !distribution.aliases.isEmpty {
                aliases.element("Items") { items in for alias in distribution.aliases { items.leaf("CNAME", alias) } }
            }
        }
        xml.element("Origins") { origins in
            origins.leaf("Quantity", "1")
            origins.element("Items") { items in
                items.element("Origin") { origin in
                    origin.leaf("Id", distribution.originID)
                    origin.leaf("DomainName", distribution.originDomainName)
                    origin.leaf("OriginPath", "")
                    origin.element("CustomHeaders") { emptyList(&$0) }
                    origin.element("S3OriginConfig") { $0.leaf("OriginAccessIdentity", "") }
                    origin.leaf("ConnectionAttempts", "3")
                    origin.leaf("ConnectionTimeout", "10")
                }
            }
        }
        xml.element("DefaultCacheBehavior") { behavior in
            behavior.leaf("TargetOriginId", distribution.originID)
            behavior.element("TrustedSigners") { emptyList(&$0, enabled: false) }
            behavior.element("TrustedKeyGroups") { emptyList(&$0, enabled: false) }
            behavior.leaf("ViewerProtocolPolicy", "redirect-to-https")
            behavior.element("AllowedMethods") { methods in
                methods.leaf("Quantity", "2")
                methods.element("Items") { $0.leaf("Method", "HEAD"); $0.leaf("Method", "GET") }
                methods.element("CachedMethods") { cached in
                    cached.leaf("Quantity", "2")
                    cached.element("Items") { $0.leaf("Method", "HEAD"); $0.leaf("Method", "GET") }
                }
            }
            behavior.leaf("Compress", "true")
            // The managed CachingOptimized policy.
            behavior.leaf("CachePolicyId", "658327ea-f89d-4fab-a63d-7e88639e58f6")
        }
        xml.element("CacheBehaviors") { emptyList(&$0) }
        xml.element("CustomErrorResponses") { emptyList(&$0) }
        xml.leaf("Comment", distribution.comment)
        xml.leaf("PriceClass", distribution.priceClass)
        xml.leaf("Enabled", distribution.enabled ? "true" : "false")
        xml.element("ViewerCertificate") { certificate in
            certificate.leaf("CloudFrontDefaultCertificate", "true")
            certificate.leaf("MinimumProtocolVersion", "TLSv1")
        }
        xml.element("Restrictions") { restrictions in
            restrictions.element("GeoRestriction") { $0.leaf("RestrictionType", "none"); $0.leaf("Quantity", "0") }
        }
        xml.leaf("WebACLId", "")
        xml.leaf("HttpVersion", "http2")
        xml.leaf("IsIPV6Enabled", "true")
    }
}
