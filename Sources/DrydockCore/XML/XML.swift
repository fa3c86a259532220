/// The XML the emulators (S3, CloudFront) and the production clients of those services read and write:
/// `XML.Element` trees, a bounded `XML.Parser` and an `XML.Writer`. A namespace, because Foundation on
/// Linux declares unavailable `XMLElement` and `XMLParser` types that would shadow plain names.
public enum XML {}
