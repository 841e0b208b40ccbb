import { describe, expect, it } from 'vitest';
import { closeReasonText, closeShortText } from './close-text';
import { CloseCode } from '$lib/sync/protocol';

describe('[I18N2] close codes in Polish, from the catalogue', () => {
	it('every close code has its own explanation; an unknown one is named by its number', () => {
		const texts = Object.values(CloseCode).map(closeReasonText);
		for (const t of texts) expect(t.trim()).not.toBe('');
		expect(new Set(texts).size).toBe(texts.length);
		expect(closeReasonText(CloseCode.unauthorized)).toBe(
			'Sesja wygasła — zaloguj się ponownie. Zmiany są bezpieczne na tym urządzeniu.'
		);
		expect(closeReasonText(4999)).toBe('Serwer odmówił połączenia (kod 4999).');
	});

	it('the indicator’s few words name the reason', () => {
		expect(closeShortText(CloseCode.forbidden)).toBe('połączenie odrzucone — brak dostępu');
		expect(closeShortText(4999)).toBe('połączenie odrzucone — kod 4999');
	});
});
