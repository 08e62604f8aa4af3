namespace Flotilla.Api.Errors;

/// <summary>fleet's error shape, used by every endpoint: <c>{"error":{"code":N,"message":"..."}}</c>.</summary>
public sealed record ApiErrorBody(ApiErrorDetail Error);
