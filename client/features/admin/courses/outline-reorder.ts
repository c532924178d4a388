import { createSignal, onCleanup } from 'solid-js';
import { describeChapterPlace, describeLessonPlace, findLesson, placeChapter, placeLesson, sameOrder, stepChapter, stepLesson, type Outline } from './outline-model';

export type ReorderKind = 'lesson' | 'chapter';
type Item = { kind: ReorderKind; id: string };

type ReorderOptions = {
  outline: () => Outline;
  setOutline: (next: Outline) => void;
  /** Persists `after`; on failure it puts `before`'s order back and says so. */
  save: (before: Outline, after: Outline, label: string) => Promise<boolean>;
  announce: (text: string) => void;
  /** While a save is running nothing else may be moved, so two orders never race. */
  busy: () => boolean;
};

type DropEvent = DragEvent & { currentTarget: HTMLElement };
/** The drag-and-drop props an element spreads; typed loosely enough for any element. */
type DragProps = {
  draggable?: boolean;
  onDragStart?: (event: DragEvent) => void;
  onDragEnd?: () => void;
  onDragOver?: (event: DropEvent) => void;
  onDrop?: (event: DropEvent) => void;
};

/** The attribute the handles carry, so focus can follow an item the list has re-rendered. */
export const HANDLE_ATTRIBUTE = 'data-reorder-handle';

/**
 * Reordering of chapters and lessons two ways, with one outcome (a new whole order, saved):
 *
 * - Keyboard: each item has a handle button. Space or Enter picks the item up, Arrow Up and
 *   Down move it (a lesson crosses into the neighbouring chapter at its chapter's edge), Space
 *   or Enter drops it, Escape puts it back. Every step is announced in a live region.
 * - Pointer: native HTML5 drag and drop. Dropping on an item takes that item's place;
 *   dropping a lesson on a chapter's heading or empty list moves it to that chapter's end.
 */
export function createReorder(options: ReorderOptions) {
  const [grabbed, setGrabbed] = createSignal<(Item & { before: Outline }) | null>(null);
  const [dragging, setDragging] = createSignal<(Item & { before: Outline }) | null>(null);
  const [dropTarget, setDropTarget] = createSignal<string | null>(null);

  const titleOf = (item: Item): string => {
    const outline = options.outline();
    if (item.kind === 'chapter') return outline.find((c) => c.id === item.id)?.title ?? 'chapter';
    const place = findLesson(outline, item.id);
    return place ? outline[place.chapterIndex]!.lessons[place.index]!.title : 'lesson';
  };
  const placeOf = (item: Item): string =>
    item.kind === 'chapter' ? describeChapterPlace(options.outline(), item.id) : describeLessonPlace(options.outline(), item.id);

  const focusHandle = (id: string) => {
    // The list re-renders the moved item; put focus back on its handle, wherever it now is.
    const handle = document.querySelector<HTMLElement>(`[${HANDLE_ATTRIBUTE}="${CSS.escape(id)}"]`);
    if (handle && document.activeElement !== handle) handle.focus();
  };

  const pickUp = (item: Item) => {
    if (options.busy()) return options.announce('Wait a moment: the previous order is still being saved.');
    setGrabbed({ ...item, before: options.outline() });
    options.announce(
      `Picked up ${item.kind} “${titleOf(item)}”, ${placeOf(item)}. Use the Up and Down arrow keys to move it, Space or Enter to drop it, Escape to cancel.`,
    );
  };

  const drop = () => {
    const held = grabbed();
    if (!held) return;
    setGrabbed(null);
    const after = options.outline();
    if (sameOrder(held.before, after)) return options.announce(`Dropped “${titleOf(held)}”. The order did not change.`);
    options.announce(`Dropped “${titleOf(held)}” at ${placeOf(held)}. Saving the new order.`);
    void options.save(held.before, after, `“${titleOf(held)}”`).then((saved) => {
      // A rollback re-renders the item: keep a keyboard user's focus on its handle.
      if (!saved && (document.activeElement === document.body || !document.activeElement?.isConnected)) focusHandle(held.id);
    });
  };

  const cancel = () => {
    const held = grabbed();
    if (!held) return;
    setGrabbed(null);
    options.setOutline(held.before);
    focusHandle(held.id);
    options.announce(`Cancelled. “${titleOf(held)}” is back at ${placeOf(held)}.`);
  };

  const step = (direction: -1 | 1) => {
    const held = grabbed();
    if (!held) return;
    const outline = options.outline();
    const next = held.kind === 'lesson' ? stepLesson(outline, held.id, direction) : stepChapter(outline, held.id, direction);
    if (!next) return options.announce(`“${titleOf(held)}” cannot move ${direction < 0 ? 'up' : 'down'} any further.`);
    options.setOutline(next);
    focusHandle(held.id);
    options.announce(`Moved to ${placeOf(held)}.`);
  };

  // A click anywhere else while an item is held drops it where it is, as Tab does.
  const onPointerDown = (event: PointerEvent) => {
    const held = grabbed();
    if (!held) return;
    const target = event.target instanceof Element ? event.target.closest(`[${HANDLE_ATTRIBUTE}]`) : null;
    if (target?.getAttribute(HANDLE_ATTRIBUTE) !== held.id) drop();
  };
  document.addEventListener('pointerdown', onPointerDown, true);
  onCleanup(() => document.removeEventListener('pointerdown', onPointerDown, true));

  /** Props for an item's handle button. Clicks (and Enter/Space, which click) pick up and drop. */
  const handle = (kind: ReorderKind, id: string) => ({
    [HANDLE_ATTRIBUTE]: id,
    'aria-pressed': grabbed()?.id === id,
    onClick: () => {
      const held = grabbed();
      if (held?.id === id) return drop();
      // Picking up another item first drops the one held, where it is.
      if (held) drop();
      pickUp({ kind, id });
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (grabbed()?.id !== id) return;
      if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
        event.preventDefault();
        step(event.key === 'ArrowUp' ? -1 : 1);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        cancel();
      } else if (event.key === 'Tab') {
        drop();
      }
    },
  });

  // ---- pointer: HTML5 drag and drop ---------------------------------------------------

  const endDrag = () => {
    setDragging(null);
    setDropTarget(null);
  };

  const startDrag = (event: DragEvent, item: Item) => {
    event.stopPropagation();
    if (options.busy() || grabbed()) return event.preventDefault();
    event.dataTransfer?.setData('text/plain', titleOf(item));
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    setDragging({ ...item, before: options.outline() });
  };

  const finishDrop = (next: Outline | null) => {
    const held = dragging();
    endDrag();
    if (!held || !next || sameOrder(held.before, next)) return;
    options.setOutline(next);
    options.announce(`Moved “${titleOf(held)}” to ${placeOf(held)}. Saving the new order.`);
    void options.save(held.before, next, `“${titleOf(held)}”`);
  };

  /** A lesson row: lessons land on it (taking its place); chapters pass through to their chapter. */
  const lessonTarget = (lessonId: string, chapterId: string): DragProps => ({
    draggable: !options.busy(),
    onDragStart: (event) => startDrag(event, { kind: 'lesson', id: lessonId }),
    onDragEnd: endDrag,
    onDragOver: (event) => {
      const held = dragging();
      if (held?.kind !== 'lesson') return;
      event.preventDefault();
      event.stopPropagation();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      setDropTarget(held.id === lessonId ? null : lessonId);
    },
    onDrop: (event) => {
      const held = dragging();
      if (held?.kind !== 'lesson') return;
      event.preventDefault();
      event.stopPropagation();
      if (held.id === lessonId) return endDrag();
      const outline = options.outline();
      const from = findLesson(outline, held.id);
      const to = findLesson(outline, lessonId);
      if (!from || !to) return endDrag();
      if (from.chapterIndex === to.chapterIndex) return finishDrop(placeLesson(outline, held.id, chapterId, to.index));
      // From another chapter: before or after the row, by which half the pointer is over.
      const box = event.currentTarget.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      finishDrop(placeLesson(outline, held.id, chapterId, to.index + (after ? 1 : 0)));
    },
  });

  /** What starts dragging a chapter: its heading row (not the whole chapter, which holds forms). */
  const chapterSource = (chapterId: string): DragProps => ({
    draggable: !options.busy(),
    onDragStart: (event) => startDrag(event, { kind: 'chapter', id: chapterId }),
    onDragEnd: endDrag,
  });

  /** A chapter: chapters land on it (taking its place); a lesson dropped here goes to its end. */
  const chapterTarget = (chapterId: string): DragProps => ({
    onDragOver: (event) => {
      const held = dragging();
      if (!held) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
      setDropTarget(held.id === chapterId ? null : chapterId);
    },
    onDrop: (event) => {
      const held = dragging();
      if (!held) return;
      event.preventDefault();
      const outline = options.outline();
      if (held.kind === 'chapter') {
        if (held.id === chapterId) return endDrag();
        return finishDrop(placeChapter(outline, held.id, outline.findIndex((c) => c.id === chapterId)));
      }
      const chapter = outline.find((c) => c.id === chapterId);
      finishDrop(chapter ? placeLesson(outline, held.id, chapterId, chapter.lessons.length) : null);
    },
  });

  return { grabbed, dragging, dropTarget, handle, lessonTarget, chapterSource, chapterTarget };
}
