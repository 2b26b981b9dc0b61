/** Lines that start the quoted history in common mail clients. */
const HISTORY_STARTS = [
  /^On .+wrote:\s*$/i, // Gmail, Apple Mail, Thunderbird
  /^Am .+schrieb .+:\s*$/i, // German clients
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht)\s*-{2,}\s*$/i, // Outlook
  /^_{10,}\s*$/, // Outlook's separator line
  /^From:\s.+$/i, // Outlook's header block when the separator is missing
  /^Von:\s.+$/i,
];

/**
 * The new part of a reply (TKT-4): everything from the quoted history on is
 * dropped, as are `>` quote lines and a trailing signature ("-- ").
 */
export function stripQuotedHistory(text: string): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (HISTORY_STARTS.some((start) => start.test(line.trim()))) break;
    if (line === '-- ') break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}
