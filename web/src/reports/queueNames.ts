// Queue names people can read: "National triage" or the force area's name, from the jurisdictions list.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadJurisdictions } from '../map/BaseMap.tsx';
import { NATIONAL_QUEUE, queueOfJurisdiction, type JurisdictionSummary } from './types.ts';

/** Force areas (the queues a submission can be passed to), loaded once per page. */
export function useForceAreas(): JurisdictionSummary[] {
  const [areas, setAreas] = useState<JurisdictionSummary[]>([]);
  useEffect(() => {
    let live = true;
    loadJurisdictions()
      .then((items) => live && setAreas(items.filter((j) => j.kind === 'force_area').sort((a, b) => a.name.localeCompare(b.name))))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return areas;
}

export function useQueueName(): (queue: string) => string {
  const { t } = useTranslation('reports');
  const areas = useForceAreas();
  return (queue: string) => {
    if (queue === NATIONAL_QUEUE) return t('queue.national');
    const area = areas.find((a) => queueOfJurisdiction(a.code) === queue);
    return area ? area.name : queue.replace(/^jurisdiction:/, '');
  };
}
