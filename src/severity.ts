export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** `--fail-on none` never fails; otherwise a finding at or above the level fails the run. */
export type FailOn = Severity | 'none';

export function parseFailOn(value: string): FailOn | undefined {
  if (value === 'none') return 'none';
  return (SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : undefined;
}

export function reachesFailOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(severity) >= severityRank(failOn);
}
