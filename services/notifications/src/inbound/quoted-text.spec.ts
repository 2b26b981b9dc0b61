import { stripQuotedHistory } from './quoted-text';

describe('stripping the quoted history of a reply (TKT-4)', () => {
  it('keeps what the customer wrote above a Gmail-style quote', () => {
    const reply = 'Here is the support zip.\r\nThanks!\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, Vigil <vigil@vigil.local> wrote:\r\n> Which repository fails?\r\n> Reply to this email';
    expect(stripQuotedHistory(reply)).toBe('Here is the support zip.\nThanks!');
  });

  it('handles Outlook and German clients, inline quote lines and signatures', () => {
    expect(stripQuotedHistory('Done.\n\n-----Original Message-----\nFrom: Vigil\nSubject: x')).toBe('Done.');
    expect(stripQuotedHistory('Erledigt.\n\nAm 23.11.2026 um 10:00 schrieb Vigil <vigil@vigil.local>:\n> Frage')).toBe('Erledigt.');
    expect(stripQuotedHistory('> old\nnew line\n-- \nKim, ACME IT')).toBe('new line');
  });

  it('leaves nothing when the reply only quotes', () => {
    expect(stripQuotedHistory('> just the quote\n> again')).toBe('');
  });
});
