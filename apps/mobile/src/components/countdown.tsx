import { useEffect, useState } from 'react';
import { Text } from 'react-native';
import { timeLeft } from '../lib/format';
import { colors } from './ui';

/** "Ends in 1h 04m 09s", ticking every second; "Ended" once past. */
export function Countdown({ endsAt }: { endsAt: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = timeLeft(endsAt, now);
  return <Text style={{ color: colors.sale, fontWeight: '600' }}>{left ? `Ends in ${left}` : 'Ended'}</Text>;
}
