import '../courses/courses.css';
import './media.css';
import { createEffect, createResource, createSignal, Match, Show, Switch, type JSX, type Resource } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { routeParam } from '../../../lib/router';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { CourseLinks } from '../courses/course-links';
import { fetchCourse, type Course } from '../courses/courses-api';
import { DeleteFileDialog } from './delete-file-dialog';
import { LibraryTable } from './library-table';
import { LibraryUploadForm } from './library-upload-form';
import { abortUpload, createDownload, fetchCourseFiles, renameDownload, setCover, type FileUse, type LibraryFile } from './media-api';
import { RenameDialog } from './rename-dialog';
import { ReplacePanel } from './replace-panel';
import { ResultNotice } from './result-notice';
import { ResumePanel } from './resume-panel';
import type { UploadResult } from './upload-messages';

/** /admin/courses/:courseId/media: every file of one course, uploads, and what uses each file. */
export function MediaLibraryPage(): JSX.Element {
  const [course, setCourse] = createSignal<string | null>(null);
  usePageTitle(() => (course() ? `${course()} · Media library` : 'Media library'));
  return (
    <AdminLayout title={course() ? `Media library: ${course()}` : 'Media library'} minimumRole="instructor">
      {() => <Library onTitle={setCourse} />}
    </AdminLayout>
  );
}

type Panel = { kind: 'resume' | 'replace'; file: LibraryFile };
type DownloadUse = Extract<FileUse, { kind: 'download' | 'attachment' }>;

function Library(props: { onTitle: (title: string) => void }): JSX.Element {
  // Both depend on the route's id, so moving to another course's library loads that one.
  const [course, { refetch: refetchCourse }] = createResource(
    () => routeParam('courseId') || undefined,
    (id) => signedInOnly(() => fetchCourse(id))(),
  );
  const [files, { refetch: refetchFiles }] = createResource(
    () => routeParam('courseId') || undefined,
    (id) => signedInOnly(() => fetchCourseFiles(id))(),
  );
  const loaded = () => (course.error ? undefined : course.latest);
  const forbidden = () => {
    const error = course.error ?? files.error;
    return error instanceof ApiError && error.status === 403 ? error : null;
  };
  createEffect(() => {
    const current = loaded();
    if (current) props.onTitle(current.title);
  });

  return (
    <Switch>
      <Match when={forbidden()}>{(error) => <AccessDenied title="You need the instructor role" message={error().message} />}</Match>
      <Match when={course.error}>
        <div class="editor-stack">
          <CourseLinks />
          <ErrorNotice title="We couldn't load this course" error={course.error} onRetry={() => void refetchCourse()} />
        </div>
      </Match>
      <Match when={!loaded()}>
        <Spinner label="Loading the media library…" />
      </Match>
      <Match when={loaded()?.id} keyed>
        {(_courseId) => <LibraryContent course={loaded()!} files={files} refetch={() => void refetchFiles()} />}
      </Match>
    </Switch>
  );
}

type FilesResource = Resource<LibraryFile[]>;

function LibraryContent(props: { course: Course; files: FilesResource; refetch: () => void }): JSX.Element {
  const [panel, setPanel] = createSignal<Panel | null>(null);
  const [status, setStatus] = createSignal<UploadResult | null>(null);
  const [deleting, setDeleting] = createSignal<LibraryFile | null>(null);
  const [cancelling, setCancelling] = createSignal<LibraryFile | null>(null);
  const [renaming, setRenaming] = createSignal<DownloadUse | null>(null);
  const [working, setWorking] = createSignal(false);
  const list = () => (props.files.error ? undefined : props.files.latest);

  const report = (result: UploadResult) => {
    setStatus(result);
    focusElement('library-status');
  };

  const panelDone = (result: UploadResult) => {
    setPanel(null);
    props.refetch();
    report(result);
  };

  const offer = async (file: LibraryFile) => {
    setWorking(true);
    try {
      if (file.purpose === 'course_cover') {
        await setCover(props.course.id, file.id);
        report({ tone: 'success', text: `“${file.filename}” is now the course’s cover.` });
      } else {
        const download = await createDownload(props.course.id, { fileId: file.id });
        report({ tone: 'success', text: `“${file.filename}” is offered as “${download.title}”${file.purpose === 'lesson_attachment' ? ' on its lesson' : ''}.` });
      }
      props.refetch();
    } catch (error) {
      report({ tone: 'error', title: `“${file.filename}” could not be put to use`, text: error instanceof ApiError ? error.message : 'Something went wrong. Please try again.' });
    } finally {
      setWorking(false);
    }
  };

  return (
    <div class="editor-stack" data-testid="media-library">
      <CourseLinks course={props.course} />
      <section class="card admin-card" aria-labelledby="library-upload-title">
        <h2 id="library-upload-title">Upload a file</h2>
        <p class="section__intro">Files for learners to download, attachments for a lesson, and cover images. Lesson videos are uploaded in each lesson’s editor.</p>
        <LibraryUploadForm course={props.course} onChanged={props.refetch} />
      </section>
      <Show when={panel()} keyed>
        {(current) =>
          current.kind === 'resume' ? (
            <ResumePanel file={current.file} courseId={props.course.id} onDone={panelDone} onClose={() => setPanel(null)} />
          ) : (
            <ReplacePanel file={current.file} courseId={props.course.id} onDone={panelDone} onClose={() => setPanel(null)} />
          )
        }
      </Show>
      <section class="card admin-card" aria-labelledby="library-files-title" aria-busy={props.files.loading}>
        <h2 id="library-files-title">Files</h2>
        <ResultNotice id="library-status" result={status()} data-testid="library-status" />
        <Switch>
          <Match when={props.files.error}>
            <ErrorNotice title="We couldn't load the files" error={props.files.error} onRetry={props.refetch} />
          </Match>
          <Match when={props.files.state === 'pending' || props.files.state === 'unresolved'}>
            <Spinner label="Loading files…" />
          </Match>
          <Match when={list()}>
            {(files) => (
              <Show
                when={files().length > 0}
                fallback={
                  <EmptyState title="No files yet" data-testid="library-empty">
                    <p>Upload a worksheet, a reading or a cover image above. Everything this course uses will be listed here.</p>
                  </EmptyState>
                }
              >
                <LibraryTable
                  files={files()}
                  courseId={props.course.id}
                  busy={working()}
                  actions={{
                    onResume: (file) => setPanel({ kind: 'resume', file }),
                    onReplace: (file) => setPanel({ kind: 'replace', file }),
                    onCancelUpload: setCancelling,
                    onDelete: setDeleting,
                    onOffer: (file) => void offer(file),
                    onRename: setRenaming,
                  }}
                />
              </Show>
            )}
          </Match>
        </Switch>
      </section>

      <Show when={deleting()} keyed>
        {(file) => (
          <DeleteFileDialog
            file={file}
            courseId={props.course.id}
            onDeleted={() => {
              if (panel()?.file.id === file.id) setPanel(null);
              props.refetch();
              setStatus({ tone: 'success', text: `“${file.filename}” was deleted${file.usedBy.length ? ', with what used it' : ''}.` });
            }}
            onClose={(deleted) => {
              setDeleting(null);
              if (deleted) focusElement('library-status');
            }}
          />
        )}
      </Show>
      <Show when={cancelling()} keyed>
        {(file) => (
          <ConfirmDialog
            title={`Cancel the upload of “${file.filename}”?`}
            confirmLabel="Cancel upload"
            busyLabel="Cancelling…"
            onConfirm={async () => {
              await abortUpload(file.id);
              if (panel()?.file.id === file.id) setPanel(null);
              props.refetch();
              setStatus({ tone: 'success', text: `The upload of “${file.filename}” was cancelled and what had arrived was discarded.` });
            }}
            onClose={(done) => {
              setCancelling(null);
              if (done) focusElement('library-status');
            }}
          >
            <p>The parts that have arrived are discarded. To add the file later, upload it again from the start.</p>
          </ConfirmDialog>
        )}
      </Show>
      <Show when={renaming()} keyed>
        {(use) => (
          <RenameDialog
            title={`Rename “${use.title}”`}
            label="Title"
            hint="What learners see in the list of downloads."
            initial={use.title}
            onSave={async (title) => {
              await renameDownload(use.downloadId, title);
              props.refetch();
              setStatus({ tone: 'success', text: `Renamed to “${title}”.` });
            }}
            onClose={(saved) => {
              setRenaming(null);
              if (saved) focusElement('library-status');
            }}
          />
        )}
      </Show>
    </div>
  );
}
