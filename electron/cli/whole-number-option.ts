// Commander parsers for whole-number options: a value out of range is one clear line naming the
// option and what fits.
import { LabError } from '../lab-service.js';

export function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new LabError('BAD_REQUEST', `${option} must be a whole number from ${min} to ${max}, not "${value}".`);
    return n;
  };
}
