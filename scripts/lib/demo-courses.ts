import { parseTranscript } from '../../src/modules/courses/transcripts/parse.ts';
import { demoCommerceSql } from './demo-commerce.ts';
import { DEMO_SCHOOLS, demoMembers } from './demo-schools.ts';
import type { SchoolSpec } from './school-rows.ts';
import { insertSql } from './sql.ts';

/**
 * Demo content: Breslov gets a free course (with a preview lesson, a drip lesson and a
 * transcript) and a paid one (sold through an offer, see demo-commerce.ts); Acme a members-only course. Fixed ids and ON CONFLICT DO
 * NOTHING keep seeding idempotent and never overwrite what someone edited locally.
 */
type DemoLesson = { title: string; body: string; preview?: boolean; optional?: boolean; minutes?: number; releaseAfterDays?: number; transcript?: string };
type DemoCourse = {
  slug: string;
  title: string;
  summary: string;
  accessLevel: 'free' | 'paid' | 'members';
  priceCents?: number;
  chapters: { title: string; lessons: DemoLesson[] }[];
};

const CONTENT: Record<string, DemoCourse[]> = {
  breslov: [
    {
      slug: 'foundations',
      title: 'Foundations of Breslov Thought',
      summary: 'A gentle, free introduction: simplicity, joy and daily practice.',
      accessLevel: 'free',
      chapters: [
        {
          title: 'Getting started',
          lessons: [
            {
              title: 'Welcome',
              preview: true,
              minutes: 5,
              body: '# Welcome\n\nThis course introduces the **core ideas** in short lessons.\n\n- Read each lesson slowly.\n- Take notes as you go.\n- Come back tomorrow for the next one.',
              transcript: 'WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome to the course.\n\n00:04.000 --> 00:09.500\nIn these lessons we study slowly and with joy.\n',
            },
            { title: 'How to study', minutes: 8, body: '## How to study\n\nSet aside ten quiet minutes. Read once for the meaning, then once for yourself.' },
          ],
        },
        {
          title: 'Core ideas',
          lessons: [
            { title: 'Simplicity', minutes: 10, body: '## Simplicity\n\n> Keep it simple.\n\nSimplicity is not a lack of depth; it is depth without clutter.' },
            // Optional, so a new learner can reach 100 % today; the drip still shows its date.
            { title: 'Joy (bonus)', optional: true, minutes: 10, releaseAfterDays: 3, body: '## Joy\n\nThis bonus lesson opens three days after you enrol, so there is time to practise the first ones.' },
          ],
        },
      ],
    },
    {
      slug: 'likutey-moharan',
      title: 'Advanced Study: Likutey Moharan',
      summary: 'A guided reading of the first teachings, for committed students.',
      accessLevel: 'paid',
      priceCents: 4900,
      chapters: [
        {
          title: 'Part one',
          lessons: [
            { title: 'Introduction', preview: true, minutes: 12, body: '## Introduction\n\nWhat this work is, and how we will read it together.' },
            { title: 'Teaching one', minutes: 25, body: '## Teaching one\n\nA close reading, line by line.' },
          ],
        },
      ],
    },
  ],
  acme: [
    {
      slug: 'onboarding',
      title: 'Acme Onboarding',
      summary: 'Everything a new Acme team member needs in the first week.',
      accessLevel: 'members',
      chapters: [
        {
          title: 'Week one',
          lessons: [
            { title: 'Welcome to Acme', minutes: 6, body: '# Welcome to Acme\n\nWho we are and how we work.' },
            { title: 'Safety basics', minutes: 15, body: '## Safety basics\n\nThe five rules everyone follows on site.' },
          ],
        },
      ],
    },
  ],
};

/** Deterministic ids from a school index and a path, shaped like UUIDs. */
const demoId = (kind: number, school: number, n: number) => `00000000-0000-4000-c${kind}00-${String(school * 1000 + n).padStart(12, '0')}`;

export function demoCourseSql(school: SchoolSpec & { slug: string }, now = Date.now()): string[] {
  const schoolIndex = DEMO_SCHOOLS.findIndex((s) => s.slug === school.slug) + 1;
  const author = demoMembers(school).find((m) => m.role === 'instructor')!.userId;
  const statements: string[] = [];
  let chapterN = 0;
  let lessonN = 0;
  (CONTENT[school.slug] ?? []).forEach((course, courseIndex) => {
    const courseId = demoId(1, schoolIndex, courseIndex + 1);
    statements.push(
      insertSql(
        'courses',
        {
          id: courseId, school_id: school.id, slug: course.slug, title: course.title, summary: course.summary, description: course.summary,
          status: 'published', access_level: course.accessLevel, price_cents: course.priceCents ?? null, currency: 'usd',
          created_by: author, published_at: now, created_at: now,
        },
        { target: 'id', action: 'nothing' },
      ),
    );
    course.chapters.forEach((chapter, chapterIndex) => {
      const chapterId = demoId(2, schoolIndex, ++chapterN);
      statements.push(
        insertSql('chapters', { id: chapterId, school_id: school.id, course_id: courseId, title: chapter.title, position: chapterIndex, status: 'published', created_at: now }, { target: 'id', action: 'nothing' }),
      );
      chapter.lessons.forEach((lesson, lessonIndex) => {
        const lessonId = demoId(3, schoolIndex, ++lessonN);
        statements.push(
          insertSql(
            'lessons',
            {
              id: lessonId, school_id: school.id, course_id: courseId, chapter_id: chapterId, title: lesson.title, body: lesson.body,
              position: lessonIndex, status: 'published', is_preview: lesson.preview ?? false, is_required: !lesson.optional,
              estimated_minutes: lesson.minutes ?? null, release_after_days: lesson.releaseAfterDays ?? null, created_at: now,
            },
            { target: 'id', action: 'nothing' },
          ),
        );
        if (lesson.transcript) {
          // The same parser uploads go through, so seeded cues look exactly like uploaded ones.
          const parsed = parseTranscript(lesson.transcript, 'vtt');
          if (!parsed.ok) throw new Error(`demo transcript of “${lesson.title}”: ${parsed.errors.map((e) => e.message).join(' ')}`);
          statements.push(
            insertSql(
              'transcripts',
              { id: demoId(4, schoolIndex, lessonN), school_id: school.id, lesson_id: lessonId, language: 'en', cues: JSON.stringify(parsed.cues), plain_text: parsed.plainText, created_at: now },
              { target: 'id', action: 'nothing' },
            ),
          );
        }
      });
    });
  });
  // What the paid course is sold through (after the courses it names).
  statements.push(...demoCommerceSql(school, now));
  return statements;
}
