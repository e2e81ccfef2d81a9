// Copies a text (a pull command, a secret) to the clipboard and says so.
import { useState } from 'react';

export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP consoles have no Clipboard API: fall back to a selected textarea.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label = 'Copy', title }: { text: string; label?: string; title?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button type="button" className="button button-small" title={title ?? `Copy: ${text}`} aria-label={title ?? label}
      onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed')).finally(() => setTimeout(() => setState('idle'), 2000))}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/** A command in a monospace box with its copy button. */
export function CopyField({ text, label }: { text: string; label: string }) {
  return (
    <div className="copy-field">
      <code>{text}</code>
      <CopyButton text={text} label="Copy" title={label} />
    </div>
  );
}
