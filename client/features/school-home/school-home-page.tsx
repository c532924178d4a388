import { For, type JSX } from 'solid-js';
import type { School } from '../../lib/school';
import { buttonClass } from '../../ui/button';
import { ContinueLearning } from './continue-learning';
import { CoursesSection } from './courses-section';
import { StaffSection } from './staff-section';
import { WhatYouGetPanel } from './what-you-get-panel';
import './school-home.css';

/** Blank-line separated paragraphs, so a welcome message written in a textarea reads as written. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function SchoolHomePage(props: { school: School }): JSX.Element {
  // A new school has no profile yet; its home page should still read like a finished page.
  const headline = () => props.school.profile.headline ?? `Welcome to ${props.school.name}`;
  const welcome = () => {
    const written = paragraphs(props.school.profile.welcomeMessage ?? '');
    return written.length > 0
      ? written
      : [`Courses, lessons and resources from ${props.school.name}, all in one place. Learn at your own pace and pick up where you left off.`];
  };

  return (
    <>
      <section class="hero" aria-labelledby="school-hero-title">
        <div class="container hero__inner hero__inner--split">
          <div>
            <h1 id="school-hero-title" class="hero__title">
              {headline()}
            </h1>
            <For each={welcome()}>{(paragraph) => <p class="hero__lead">{paragraph}</p>}</For>
            <div class="hero__actions">
              <a class={buttonClass('primary')} href="#courses">
                Browse courses
              </a>
            </div>
          </div>
          <WhatYouGetPanel />
        </div>
      </section>
      <StaffSection />
      <ContinueLearning />
      <CoursesSection />
    </>
  );
}
