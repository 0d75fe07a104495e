/**
 * What a message may say: which kind of thing waits, and where. Nothing else, ever: no amount,
 * category, narrative, survivor reference, organization or person. A message leaves the
 * service through mail servers nobody here controls.
 */
export const NOTIFICATION_KINDS = [
  'vote-requested',
  'emergency-escalation',
  'question-asked',
  'request-approved',
  'request-denied',
  'request-paid',
  'receipt-due',
  'receipt-overdue',
  'protocol-vote-requested',
  'budget-pacing',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The digest is a message of its own: it gathers the day's messages of the kinds set to `digest`. */
export const DIGEST_KIND = 'digest';

export const DELIVERIES = ['immediate', 'digest', 'off'] as const;
export type Delivery = (typeof DELIVERIES)[number];

const SENTENCE: Readonly<Record<NotificationKind, string>> = {
  'vote-requested': 'A request awaits your vote.',
  'emergency-escalation': 'An emergency request is still undecided and needs attention.',
  'question-asked': "A question was asked about one of your organization's requests.",
  'request-approved': 'A request you submitted was approved.',
  'request-denied': 'A request you submitted was denied.',
  'request-paid': 'A payment was recorded for a request you submitted.',
  'receipt-due': 'A receipt is due soon for a request you submitted.',
  'receipt-overdue': 'A receipt is overdue for a request you submitted.',
  'protocol-vote-requested': 'A protocol proposal awaits your vote.',
  'budget-pacing': "A fund's spending needs attention: money is running low, or it is ahead of its plan.",
};

export function sentenceOf(kind: NotificationKind): string {
  return SENTENCE[kind];
}

/** Paths in the web app; a request id is random and says nothing about anyone. */
export function requestLink(requestId: string): string {
  return `/app/requests/${encodeURIComponent(requestId)}`;
}
export const PROTOCOLS_LINK = '/app/protocols';
export const NOTIFICATIONS_LINK = '/app/notifications';
export const OVERVIEW_LINK = '/app/overview';

export interface MailContent {
  readonly subject: string;
  readonly text: string;
}

const FOOTER = (webUrl: string) =>
  `\n\nThis message only says that something waits for you; sign in to see it.\nChoose which messages you get by email: ${webUrl}${NOTIFICATIONS_LINK}\n`;

export function mailFor(kind: NotificationKind, link: string, webUrl: string): MailContent {
  const sentence = sentenceOf(kind);
  return { subject: `[Survivor fund] ${sentence.replace(/\.$/, '')}`, text: `${sentence}\n\nOpen it: ${webUrl}${link}${FOOTER(webUrl)}` };
}

export function digestFor(counts: ReadonlyMap<NotificationKind, number>, webUrl: string): MailContent {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = NOTIFICATION_KINDS.filter((k) => counts.has(k)).map((k) => `- ${sentenceOf(k)} (${counts.get(k)} time${counts.get(k) === 1 ? '' : 's'})`);
  return {
    subject: `[Survivor fund] Your daily summary: ${total} notification${total === 1 ? '' : 's'}`,
    text: `Since your last summary:\n${lines.join('\n')}\n\nSee them: ${webUrl}${NOTIFICATIONS_LINK}${FOOTER(webUrl)}`,
  };
}
