// The search page: add documents and search them through the sample app's JSON API. No build step.
'use strict';

const $ = (id) => document.getElementById(id);

// With app.security.public-page=true the page is served without a key but the API needs one: on a 401 the page
// asks for it once and keeps it for this tab only (sessionStorage).
async function api(path, options, asked) {
  const key = sessionStorage.getItem('apiKey');
  const request = { ...(options || {}), headers: { ...((options && options.headers) || {}) } };
  if (key) request.headers.Authorization = 'Bearer ' + key;
  const response = await fetch(path, request);
  if (response.status === 401 && !asked) {
    const entered = window.prompt('This server needs an API key (Authorization: Bearer …):');
    if (entered) {
      sessionStorage.setItem('apiKey', entered.trim());
      return api(path, options, true);
    }
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.status + ' ' + response.statusText;
    throw new Error(message);
  }
  return body;
}

function setStatus(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('error', Boolean(isError));
}

async function loadInfo() {
  try {
    const info = await api('/api/info');
    const m = info.model;
    $('model-line').textContent = `Model ${m.name} · ${m.dimensions} dimensions · vector store ${info.rag.vectorStore}`
      + (info.rag.chatModel ? ' · chat model configured' : '');
    $('model-line').dataset.dimensions = m.dimensions;
    if (m.offlineDemo) {
      $('offline-banner').textContent = m.warning;
      $('offline-banner').hidden = false;
    }
    document.body.dataset.ready = 'true';
  } catch (e) {
    $('model-line').textContent = 'Cannot load model info: ' + e.message;
  }
}

async function addDocument(event) {
  event.preventDefault();
  const text = $('doc-text').value.trim();
  if (!text) return;
  const source = $('doc-source').value.trim();
  const document_ = { text };
  if (source) document_.metadata = { source };
  $('add-button').disabled = true;
  setStatus('add-status', 'Adding…');
  try {
    const result = await api('/documents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ documents: [document_] }),
    });
    setStatus('add-status', 'Added ' + result.ids[0]);
    $('doc-text').value = '';
  } catch (e) {
    setStatus('add-status', e.message, true);
  } finally {
    $('add-button').disabled = false;
  }
}

function renderHits(hits) {
  const list = $('results');
  list.replaceChildren();
  if (hits.length === 0) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = 'No documents yet: add one above.';
    list.append(li);
    return;
  }
  for (const hit of hits) {
    const li = document.createElement('li');
    li.className = 'hit';
    li.dataset.id = hit.id;
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = hit.score.toFixed(4);
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = hit.text;
    li.append(score, text);
    const keys = Object.keys(hit.metadata || {});
    if (keys.length > 0) {
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = keys.map((k) => k + ': ' + JSON.stringify(hit.metadata[k])).join(' · ');
      li.append(meta);
    }
    list.append(li);
  }
}

async function search(event) {
  event.preventDefault();
  const q = $('query').value.trim();
  if (!q) return;
  const k = $('k').value || '5';
  $('search-button').disabled = true;
  setStatus('search-status', 'Searching…');
  try {
    const hits = await api('/search?' + new URLSearchParams({ q, k }));
    renderHits(hits);
    setStatus('search-status', hits.length + (hits.length === 1 ? ' hit' : ' hits'));
  } catch (e) {
    setStatus('search-status', e.message, true);
  } finally {
    $('search-button').disabled = false;
  }
}

$('add-form').addEventListener('submit', addDocument);
$('search-form').addEventListener('submit', search);
loadInfo();
