import { useTranslation } from 'react-i18next';
import type { StationSnapshot } from '../../shared/domain/station';

/** Mode, network, devices and queue at a glance; colours carry meaning but words always do too. */
export function StatusBar({ s, connected }: { readonly s: StationSnapshot; readonly connected: boolean }) {
  const { t } = useTranslation();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`pill mode-${s.mode}`} data-testid="status-mode">
        {t(`mode.${s.mode}`)}
      </span>
      <span className={`pill net-${connected ? s.network : 'offline'}`} data-testid="status-network">
        {connected ? t(`status.network.${s.network}`) : t('status.connectionLost')}
      </span>
      {s.devices.length === 0 ? (
        <span className="pill dev-absent">{t('status.devicesNone')}</span>
      ) : (
        s.devices.map((d) => (
          <span key={d.role} className={`pill dev-${d.health}`} title={d.label} data-testid={`status-device-${d.role}`} data-detail={d.detail}>
            {/* A write-only printer prints blind: the bar says so, not just "check". */}
            {t(`device.role.${d.role}`)}: {d.role === 'printer' && d.detail === 'writeOnly' ? t('devices.printerStatus.writeOnly') : t(`device.health.${d.health}`)}
          </span>
        ))
      )}
      <span className={`pill ${s.queue.dead > 0 ? 'dev-error' : 'queue'}`} data-testid="status-queue">
        {t('status.queue', { pending: s.queue.pending })}
        {s.queue.dead > 0 ? ` · ${t('status.queueDead', { dead: s.queue.dead })}` : ''}
      </span>
      <span className="version">{`v${s.version}`}</span>
    </footer>
  );
}
