// Formatters are built once: `toLocaleString` with options builds a new Intl.DateTimeFormat on every call, which
// was most of the inbox's cost per socket event (every visible row formats its time on each render).
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An API timestamp (ISO 8601) in the reader's locale and time zone; '—' when there is none. */
export const formatDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const formatDate = (iso: string | null | undefined): string => (iso ? date.format(new Date(iso)) : '—');

const compact = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const precise = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const shortDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "Dec 4, 07:59 PM": list rows. */
export const formatCompact = (iso: string): string => compact.format(new Date(iso));
/** To the second: routing histories, where the order of close events matters. */
export const formatPrecise = (iso: string): string => precise.format(new Date(iso));
export const formatShortDateTime = (d: Date): string => shortDateTime.format(d);
export const formatTimeOfDay = (d: Date): string => timeOfDay.format(d);
