import HTTP

/// An error that is its own HTTP response (headers included: a 429's `Retry-After`);
/// `ErrorRendering` answers with it as it is.
public protocol RenderableError: Error {
    var response: HTTPResponse { get }
}
