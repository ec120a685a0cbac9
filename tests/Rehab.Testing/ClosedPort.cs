using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Rehab.Testing;

/// <summary>
/// A loopback port where nothing answers, for "the gateway cannot be reached" tests. A merely free port can be taken by a
/// server another test starts meanwhile; this one stays bound (never listening) until the test process ends, so a connect to it
/// is refused every time.
/// </summary>
public static class ClosedPort
{
    private static readonly ConcurrentBag<Socket> Held = [];

    public static int Reserve()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Held.Add(socket);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
