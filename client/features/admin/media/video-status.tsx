import { Show, type JSX } from 'solid-js';
import { Badge, type BadgeTone } from '../../../ui/badge';
import { formatBytes, formatDuration } from './media-format';
import type { VideoStatus, VideoUpload } from './video-api';

const STATUS: Record<VideoStatus, { label: string; tone: BadgeTone }> = {
  uploading: { label: 'Uploading', tone: 'brand' },
  processing: { label: 'Processing', tone: 'neutral' },
  ready: { label: 'Ready', tone: 'success' },
  error: { label: 'Error', tone: 'danger' },
};

export function VideoStatusBadge(props: { status: VideoStatus; 'data-testid'?: string }): JSX.Element {
  return (
    <Badge tone={STATUS[props.status].tone} data-testid={props['data-testid']}>
      {STATUS[props.status].label}
    </Badge>
  );
}

/** A video's length as a <time> element: "12:34" on screen, a duration machines can read. */
export function VideoDuration(props: { seconds: number }): JSX.Element {
  return (
    <time dateTime={`PT${Math.round(props.seconds)}S`} data-testid="video-duration">
      {formatDuration(props.seconds)}
    </time>
  );
}

/** File name, status, length and size on one line. */
export function VideoLine(props: { video: VideoUpload; testid: string }): JSX.Element {
  return (
    <div class="video-current__line" data-testid={props.testid}>
      <span class="video-current__name">{props.video.filename}</span>
      <VideoStatusBadge status={props.video.status} data-testid={`${props.testid}-status`} />
      <Show when={props.video.durationSeconds}>
        {(seconds) => (
          <span class="video-current__meta">
            Length <VideoDuration seconds={seconds()} />
          </span>
        )}
      </Show>
      <Show when={props.video.sizeBytes}>{(size) => <span class="video-current__meta">{formatBytes(size())}</span>}</Show>
    </div>
  );
}
