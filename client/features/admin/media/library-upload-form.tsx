import { createSignal, For, Show, type JSX } from 'solid-js';
import { Button } from '../../../ui/button';
import { focusElement } from '../../../ui/error-summary';
import { CheckboxField, SelectField, TextField } from '../../../ui/field';
import type { Course } from '../courses/courses-api';
import { FileField } from './file-field';
import { offerLabel } from './library-table';
import { createDownload, setCover, type LibraryFile } from './media-api';
import { formatBytes } from './media-format';
import { acceptFor, allowedText, declaredType, fileProblem, MEDIA_PURPOSES, PURPOSES, type MediaPurpose } from './media-limits';
import { UploadProgressBar } from './progress-bar';
import { ResultNotice } from './result-notice';
import { uploadFile } from './upload-file';
import { uploadFailure, type UploadResult } from './upload-messages';
import { createUploadTask } from './upload-task';
import { RadioChoices } from '../courses/radio-choices';

type Field = 'lesson' | 'file';

/**
 * Uploads a file into the course's library for one purpose, then puts it to use: a course
 * download, an attachment on the chosen lesson, or the course's cover. The file is checked
 * here first (type, size), and again by the Worker.
 */
export function LibraryUploadForm(props: { course: Course; onChanged: () => void }): JSX.Element {
  const lessons = () => props.course.chapters.flatMap((chapter) => chapter.lessons);
  const [purpose, setPurpose] = createSignal<MediaPurpose>('download');
  const [lessonId, setLessonId] = createSignal(lessons()[0]?.id ?? '');
  const [title, setTitle] = createSignal('');
  const [useAsCover, setUseAsCover] = createSignal(true);
  const [file, setFile] = createSignal<File | null>(null);
  const [problem, setProblem] = createSignal<{ field: Field; message: string } | null>(null);
  const [result, setResult] = createSignal<UploadResult | null>(null);
  const task = createUploadTask();
  let fileInput: HTMLInputElement | undefined;

  const errorFor = (field: Field) => (problem()?.field === field ? problem()!.message : null);
  const fail = (field: Field, message: string) => {
    setProblem({ field, message });
    document.getElementById(field === 'lesson' ? 'library-lesson' : 'library-file')?.focus();
  };

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setResult(null);
    // Checked at once, so a wrong file is known before Upload is pressed.
    const issue = chosen ? fileProblem(chosen, purpose()) : null;
    setProblem(issue ? { field: 'file', message: issue } : null);
  };

  const offer = async (uploaded: LibraryFile): Promise<string> => {
    const chosenTitle = title().trim() || undefined;
    if (uploaded.purpose === 'download') {
      const download = await createDownload(props.course.id, { fileId: uploaded.id, title: chosenTitle });
      return `“${uploaded.filename}” is uploaded and offered as the course download “${download.title}”.`;
    }
    if (uploaded.purpose === 'lesson_attachment') {
      const download = await createDownload(props.course.id, { fileId: uploaded.id, title: chosenTitle, lessonId: uploaded.lessonId });
      const lesson = lessons().find((l) => l.id === uploaded.lessonId);
      return `“${uploaded.filename}” is uploaded and attached to “${lesson?.title ?? 'the lesson'}” as “${download.title}”.`;
    }
    if (useAsCover()) {
      await setCover(props.course.id, uploaded.id);
      return `“${uploaded.filename}” is uploaded and is now the course’s cover.`;
    }
    return `“${uploaded.filename}” is uploaded. Choose “Use as cover” in the list when you want it on the course.`;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setResult(null);
    const chosen = file();
    if (purpose() === 'lesson_attachment' && !lessonId()) return fail('lesson', 'Choose the lesson the attachment belongs to. Add a lesson to the course first if it has none.');
    if (!chosen) return fail('file', `Choose a file: ${allowedText(purpose())}.`);
    const issue = fileProblem(chosen, purpose());
    if (issue) return fail('file', issue);
    setProblem(null);

    // The bar stays at 100 % ("Finishing…") until the file is also put to use.
    let uploaded: LibraryFile | null = null;
    try {
      const text = await task.run(async (signal, onProgress) => {
        uploaded = await uploadFile({
          courseId: props.course.id,
          purpose: purpose(),
          lessonId: purpose() === 'lesson_attachment' ? lessonId() : null,
          filename: chosen.name,
          contentType: declaredType(chosen),
          file: chosen,
          signal,
          onProgress,
        });
        return offer(uploaded);
      });
      setResult({ tone: 'success', text });
      setFile(null);
      setTitle('');
      if (fileInput) fileInput.value = '';
    } catch (error) {
      const done = uploaded as LibraryFile | null;
      setResult(
        done
          ? {
              tone: 'error',
              title: `“${done.filename}” is uploaded, but it could not be put to use`,
              text: `${error instanceof Error ? error.message : 'Something went wrong.'} It is in the list below: use its “${offerLabel(done)}” button to try again.`,
            }
          : uploadFailure(error, chosen.name),
      );
    }
    props.onChanged();
    focusElement('library-upload-result');
  };

  return (
    <form class="media-form" onSubmit={(event) => void submit(event)} novalidate data-testid="library-upload-form">
      <ResultNotice id="library-upload-result" result={result()} data-testid="library-upload-result" />
      <fieldset class="fieldset">
        <legend class="fieldset__legend">What is it for?</legend>
        <RadioChoices
          name="library-purpose"
          choices={MEDIA_PURPOSES.map((value) => ({ value, label: PURPOSES[value].label, hint: `${PURPOSES[value].hint} Up to ${formatBytes(PURPOSES[value].maxBytes)}.` }))}
          value={purpose()}
          disabled={task.running()}
          onChange={(value) => {
            setPurpose(value);
            const chosen = file();
            const issue = chosen ? fileProblem(chosen, value) : null;
            setProblem(issue ? { field: 'file', message: issue } : null);
          }}
        />
      </fieldset>
      <div class="media-form__row">
        <Show when={purpose() === 'lesson_attachment'}>
          <SelectField
            id="library-lesson"
            label="Lesson"
            value={lessonId()}
            disabled={task.running()}
            onChange={(e) => setLessonId(e.currentTarget.value)}
            error={errorFor('lesson')}
            hint={lessons().length ? undefined : 'This course has no lessons yet. Add one in the course editor first.'}
          >
            <For each={props.course.chapters}>
              {(chapter) => (
                <optgroup label={chapter.title}>
                  <For each={chapter.lessons}>{(lesson) => <option value={lesson.id}>{lesson.title}</option>}</For>
                </optgroup>
              )}
            </For>
          </SelectField>
        </Show>
        <Show when={purpose() !== 'course_cover'}>
          <TextField
            id="library-title"
            label="Title (optional)"
            hint="What learners see. Leave it empty to use the file’s name."
            autocomplete="off"
            maxLength={200}
            value={title()}
            disabled={task.running()}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </Show>
      </div>
      <FileField
        id="library-file"
        label="File"
        hint={`${allowedText(purpose())}.${file() ? ` Chosen: ${file()!.name}, ${formatBytes(file()!.size)}.` : ''}`}
        accept={acceptFor(purpose())}
        disabled={task.running()}
        error={errorFor('file')}
        onFile={choose}
        ref={(el) => (fileInput = el)}
        data-testid="library-file"
      />
      <Show when={purpose() === 'course_cover'}>
        <CheckboxField id="library-use-as-cover" label="Use it as the course’s cover" checked={useAsCover()} onChange={setUseAsCover} disabled={task.running()} />
      </Show>
      <Show when={task.progress()}>{(progress) => <UploadProgressBar name={file()?.name ?? 'File'} progress={progress()} onCancel={task.cancel} />}</Show>
      <div class="form-actions">
        <Button type="submit" disabled={task.running()} aria-busy={task.running()} data-testid="library-upload">
          {task.running() ? 'Uploading…' : 'Upload'}
        </Button>
      </div>
    </form>
  );
}
