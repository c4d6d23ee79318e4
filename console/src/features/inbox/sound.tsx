import { Button, Tooltip } from '@mantine/core';
import { useSyncExternalStore } from 'react';

/**
 * The optional chime for a new conversation of mine, off by default and remembered per browser. It is played with
 * Web Audio (no file to fetch); browsers allow audio only after a gesture, which switching it on is.
 */
const KEY = 'switchboard.sound';
const listeners = new Set<() => void>();
let audio: AudioContext | null = null;
let lastChime = 0;

const enabled = (): boolean => localStorage.getItem(KEY) === 'on';

function setEnabled(on: boolean): void {
  localStorage.setItem(KEY, on ? 'on' : 'off');
  if (on) {
    audio ??= new AudioContext();
    void audio.resume();
  }
  for (const l of listeners) l();
}

// After a reload the page has had no gesture yet, and a context made then stays suspended: the agent's first click
// or key press anywhere unlocks it.
const unlock = () => {
  if (!enabled()) return;
  audio ??= new AudioContext();
  void audio.resume();
};
document.addEventListener('pointerdown', unlock, true);
document.addEventListener('keydown', unlock, true);

/** A short two-tone chime; silent when switched off or when the browser has no audio. */
export function chime(): void {
  // A replay after a reconnect may hand over several at once: one chime says it.
  if (!enabled() || Date.now() - lastChime < 1000) return;
  lastChime = Date.now();
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, hz] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.12, t + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.001, t + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.12);
      osc.stop(t + i * 0.12 + 0.25);
    }
  } catch {
    // No audio device or a policy that refuses it: the unread mark and the title count still say it.
  }
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function SoundToggle() {
  const on = useSyncExternalStore(subscribe, enabled);
  const label = on ? 'Sound on new conversations: on' : 'Sound on new conversations: off';
  return (
    <Tooltip label={label}>
      {/* A toggle button: its name stays "Sound", aria-pressed says on or off. Words, not a bell glyph: Debian's
          Chromium has no emoji font and showed an empty box. */}
      <Button variant={on ? 'light' : 'default'} size="compact-sm" aria-pressed={on} onClick={() => setEnabled(!on)}>
        Sound
      </Button>
    </Tooltip>
  );
}
