import Bowser from 'bowser';

export interface BrowserDescription {
  /** "Chrome 120", "Safari 17": the name and major version; null when the user agent does not say. */
  browser: string | null;
  /** "Windows", "macOS", "Android". */
  os: string | null;
}

/** What a user agent string says of the visitor's browser and system (bowser reads it). */
export function describeUserAgent(userAgent: string): BrowserDescription {
  if (!userAgent.trim()) return { browser: null, os: null };
  const parsed = Bowser.parse(userAgent);
  const major = parsed.browser.version?.split('.')[0];
  const name = parsed.browser.name?.trim();
  return {
    browser: name ? [name, major].filter(Boolean).join(' ') : null,
    os: parsed.os.name?.trim() || null,
  };
}
