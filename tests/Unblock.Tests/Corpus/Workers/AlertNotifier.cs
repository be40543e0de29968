using System.Net.Mail;
using System.Net.NetworkInformation;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Workers.Alerts;

public sealed class AlertNotifier
{
    private readonly SmtpClient _smtp = new("localhost");
    private readonly Ping _ping = new();

    public async Task NotifyAsync(string to, string subject, string body, CancellationToken token)
    {
        using var message = new MailMessage("alerts@example.com", to, subject, body);
        _smtp.Send(message); // expect: BLK003
        await Task.Delay(10, token);
    }

    public async Task<bool> IsUpAsync(string host)
    {
        var reply = _ping.Send(host, 1000); // expect: BLK003
        await Task.Yield();
        return reply.Status == IPStatus.Success;
    }

    public async Task NotifyQuietlyAsync(string to, CancellationToken token)
    {
        using var message = new MailMessage("alerts@example.com", to, "ok", "ok");
        await _smtp.SendMailAsync(message, token); // silent: the twin
    }

    public void NotifyNow(string to)
    {
        _smtp.Send("alerts@example.com", to, "now", "now"); // silent: a synchronous method
    }
}
