namespace Flotilla.Api.Errors;

/// <summary>
/// Ends a request with an error status and fleet's error body. Thrown from deep inside a handler (body
/// reading, validation) so handlers read as the happy path; <see cref="Hosting.ApiErrorMiddleware"/>
/// writes the response.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public ApiException()
        : this(500, "internal error")
    {
    }

    public ApiException(string message)
        : this(500, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
    }

    public int StatusCode { get; }
}
