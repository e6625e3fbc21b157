import { describe, expect, it } from 'vitest';
import { checkoutHash, formatAmount, notifySignature, parseAmount, signaturesMatch } from './payhere.hash.js';

// Vectors worked out by hand with `printf %s … | md5sum` from PayHere's documented formulas:
//   inner  = upper(md5("TestSecret123"))                                  = 68FF9A62F8404CD03E66C46D2786E650
//   hash   = upper(md5("1211149" + "ORD-1001" + "1000.00" + "LKR" + inner)) = 25BE7F7F23C281C72684D8F927C4BF71
//   md5sig = upper(md5(… + "LKR" + "2" + inner))                           = 04768947400FE6174BA06C13A2F0AB7C
//   md5sig with status_code -2                                              = 91403060FCBDE0766237A910862A8323
const base = { merchantId: '1211149', orderId: 'ORD-1001', merchantSecret: 'TestSecret123' };

describe('PayHere checksums', () => {
  it('computes the checkout hash as documented', () => {
    expect(checkoutHash({ ...base, amount: '1000.00', currency: 'LKR' })).toBe('25BE7F7F23C281C72684D8F927C4BF71');
  });

  it('computes the notification md5sig as documented, per status code', () => {
    const sig = (statusCode: string) => notifySignature({ ...base, payhereAmount: '1000.00', payhereCurrency: 'LKR', statusCode });
    expect(sig('2')).toBe('04768947400FE6174BA06C13A2F0AB7C');
    expect(sig('-2')).toBe('91403060FCBDE0766237A910862A8323');
  });

  it('no longer matches when the amount or the status is tampered with', () => {
    const good = '04768947400FE6174BA06C13A2F0AB7C';
    const tamperedAmount = notifySignature({ ...base, payhereAmount: '10.00', payhereCurrency: 'LKR', statusCode: '2' });
    const tamperedStatus = notifySignature({ ...base, payhereAmount: '1000.00', payhereCurrency: 'LKR', statusCode: '-2' });
    expect(signaturesMatch(good, tamperedAmount)).toBe(false);
    expect(signaturesMatch(good, tamperedStatus)).toBe(false);
    expect(signaturesMatch(good.toLowerCase(), good)).toBe(true);
  });

  it('formats and parses amounts with two decimals without floating point', () => {
    expect(formatAmount(100000)).toBe('1000.00');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatAmount(1234567891)).toBe('12345678.91');
    expect(parseAmount('1000.00')).toBe(100000);
    expect(parseAmount('1,000.5')).toBe(100050);
    expect(parseAmount('0.07')).toBe(7);
    expect(parseAmount('ten')).toBeNull();
    expect(() => formatAmount(1.5)).toThrow(RangeError);
  });
});
