import { For, type JSX } from 'solid-js';

// What every Lectern school offers, so the hero has substance before a school writes its own.
const features = [
  { title: 'Video lessons', text: 'Watch at your own pace, on any device.' },
  { title: 'Quizzes and assignments', text: 'Check what you have learned and get feedback.' },
  { title: 'Progress tracking', text: 'See how far you have come and what is next.' },
];

export function WhatYouGetPanel(): JSX.Element {
  return (
    <div class="card what-you-get">
      <p class="what-you-get__title">What you will find here</p>
      <ul class="what-you-get__list">
        <For each={features}>
          {(feature) => (
            <li>
              <span class="what-you-get__dot" aria-hidden="true" />
              <span>
                <strong>{feature.title}</strong>
                <span class="what-you-get__text">{feature.text}</span>
              </span>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
