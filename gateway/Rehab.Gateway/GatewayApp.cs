namespace Rehab.Gateway;

/// <summary>Marker type for <c>WebApplicationFactory&lt;GatewayApp&gt;</c> (each app needs its own; see ENGINEERING §3).</summary>
public sealed class GatewayApp;
