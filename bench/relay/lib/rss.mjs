// Resident memory of a child process, read from /proc (Linux) as the kernel reports it.
import { readFileSync } from 'node:fs';

/**
 * VmRSS of `pid` in bytes; NaN once the process is gone.
 * @param {number} pid
 * @returns {number}
 */
export function readRss(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
  } catch {
    return Number.NaN;
  }
}

/**
 * Samples the RSS of `pid` every `everyMs` until stopped; `stop()` returns the peak and the count.
 * @param {number} pid
 * @param {number} [everyMs]
 * @returns {{ stop(): { peak: number, samples: number } }}
 */
export function sampleRss(pid, everyMs = 100) {
  let peak = readRss(pid);
  let samples = 1;
  const timer = setInterval(() => {
    const rss = readRss(pid);
    samples += 1;
    if (rss > peak || Number.isNaN(peak)) peak = rss;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const rss = readRss(pid);
      if (rss > peak) peak = rss;
      return { peak, samples: samples + 1 };
    },
  };
}
