/**
 * Short tones for paid and declined, synthesised so no audio file is shipped: a rising pair for
 * paid, a low double buzz for declined. A cashier hears the result without looking up.
 */
let ctx: AudioContext | null = null;

function tone(freq: number, start: number, dur: number, type: OscillatorType): void {
  if (!ctx) return;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + dur);
  osc.connect(gain).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + dur + 0.02);
}

export function playSound(kind: 'paid' | 'declined' | 'notify'): void {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
    switch (kind) {
      case 'paid':
        tone(880, 0, 0.12, 'sine');
        tone(1320, 0.13, 0.18, 'sine');
        break;
      case 'declined':
        tone(220, 0, 0.18, 'square');
        tone(196, 0.22, 0.25, 'square');
        break;
      case 'notify':
        tone(1046, 0, 0.1, 'triangle');
        break;
    }
  } catch {
    // No audio device: the screen still says it in words and colour.
  }
}
