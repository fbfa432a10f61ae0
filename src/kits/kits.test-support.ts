// Long-term appeals for the kit tests: published through the API, with a photo added when asked.
import assert from 'node:assert/strict';
import { asToken, newChildCase, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps, multipartPhoto } from '../../test/support/images.ts';

export async function publishedAppeal(world: TestWorld, familyName = 'Testcase'): Promise<{ id: string; slug: string; caseId: string }> {
  const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', {
    ...newChildCase(),
    child: { ...newChildCase().child, familyName },
  });
  assert.equal(created.statusCode, 201, created.body);
  const caseId = (JSON.parse(created.body) as { id: string }).id;
  const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', {
    caseId,
    consent: { basis: 'parent_or_guardian', givenBy: 'Mother' },
    reviewDueOn: '2027-05-01',
    country: 'GB',
    contents: [
      {
        language: 'en',
        headline: `Amelia ${familyName}, missing since November`,
        description: 'Amelia is 13. She may be in a city centre.',
      },
      { language: 'ar', headline: `أميليا ${familyName}، مفقودة منذ نوفمبر`, description: 'أميليا عمرها 13 سنة.' },
    ],
  });
  assert.equal(published.statusCode, 201, published.body);
  const appeal = JSON.parse(published.body) as { id: string; slug: string };
  return { ...appeal, caseId };
}

export async function addPhoto(world: TestWorld, appeal: { id: string; caseId: string }): Promise<void> {
  const form = multipartPhoto(await jpegWithGps(600, 800));
  const uploaded = await world.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${appeal.caseId}/photos`,
    headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
    payload: form.payload,
  });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  const photoId = (JSON.parse(uploaded.body) as { id: string }).id;
  const added = await asToken(world, 'force-a/approver')('POST', `/api/v1/long-term-appeals/${appeal.id}/photos`, {
    photoId,
    kind: 'photo',
  });
  assert.equal(added.statusCode, 201, added.body);
}
