import { loadNotificationSettings } from './notifications.config';
import { digestFor, mailFor, NOTIFICATION_KINDS } from './notification-kinds';

describe('notification settings', () => {
  it('sends no email without SMTP_HOST, and reads every setting when given', () => {
    expect(loadNotificationSettings({}).smtp).toBeUndefined();
    const s = loadNotificationSettings({ SMTP_HOST: 'mail.example', SMTP_PORT: '465', SMTP_SECURE: 'true', NOTIFY_ESCALATION_HOURS: '6', NOTIFY_WEB_URL: 'https://fund.example/' });
    expect(s).toMatchObject({ smtp: { host: 'mail.example', port: 465, secure: true }, escalationHours: 6, webUrl: 'https://fund.example' });
  });

  it('names the bad variable and never echoes its value', () => {
    expect(() => loadNotificationSettings({ SMTP_PORT: 'secret-ish', NOTIFY_ESCALATION_HOURS: '0' })).toThrow(/SMTP_PORT must be.*\n.*NOTIFY_ESCALATION_HOURS/s);
    expect(() => loadNotificationSettings({ SMTP_PORT: 'secret-ish' })).not.toThrow(/secret-ish/);
  });
});

describe('message texts', () => {
  it('say only what kind of thing waits, and link to it: no digits but the link', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const { subject, text } = mailFor(kind, '/app/requests/abc', 'https://fund.example');
      expect(text).toContain('https://fund.example/app/requests/abc');
      expect(`${subject}\n${text}`.replace('https://fund.example/app/requests/abc', '')).not.toMatch(/\d|\$/);
    }
    expect(digestFor(new Map([['vote-requested', 2]]), 'https://fund.example').text).toContain('A request awaits your vote. (2 times)');
  });
});
