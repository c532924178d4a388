import './downloads.css';
import { createMemo, createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { ErrorNotice } from '../../ui/error-notice';
import { DownloadItem } from './download-button';
import { fetchCourseDownloads } from './downloads-api';
import { settled } from './resource-value';

/**
 * The course's own downloads (not a lesson's attachments). A second call, made only once
 * the course page itself has loaded so it never holds up the page; asked again when
 * enrolling changes what the viewer may take. Nothing at all when the course offers none.
 */
export function CourseDownloads(props: { slug: string; signedIn: boolean; enrolled: boolean }): JSX.Element {
  const key = createMemo(() => `${props.slug}:${props.signedIn}:${props.enrolled}`);
  const [loaded, { refetch }] = createResource(key, () => fetchCourseDownloads(props.slug));
  const value = () => settled(loaded);
  return (
    <Switch>
      <Match when={loaded.error && !loaded.loading}>
        <section class="course-section" aria-labelledby="course-downloads-title">
          <h2 id="course-downloads-title">Downloads</h2>
          <ErrorNotice title="We couldn't load the course's downloads" error={loaded.error} onRetry={() => void refetch()} />
        </section>
      </Match>
      <Match when={value() && value()!.downloads.length > 0 && value()}>
        {(list) => (
          <section class="course-section" aria-labelledby="course-downloads-title" data-testid="course-downloads">
            <h2 id="course-downloads-title">Downloads</h2>
            <Show when={!list().canDownload && list().reason}>
              {(reason) => (
                <div class="downloads__reason">
                  <p data-testid="downloads-reason">{reason()}</p>
                  <Show when={!props.signedIn}>
                    <Link class={buttonClass('secondary', 'button--small')} href={signInHref(currentLocation())}>
                      Sign in
                    </Link>
                  </Show>
                </div>
              )}
            </Show>
            <ul class="downloads">
              <For each={list().downloads}>{(file) => <DownloadItem file={file} canDownload={list().canDownload} />}</For>
            </ul>
          </section>
        )}
      </Match>
    </Switch>
  );
}
