namespace Flotilla.Api.Errors;

/// <summary>The status code (repeated in the body, as fleet does) and one sentence for a human.</summary>
public sealed record ApiErrorDetail(int Code, string Message);
