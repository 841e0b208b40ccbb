/**
 * The court opinion as a DOCX the court (or the assistant) edits further, generated on the device
 * with the `docx` package. Loaded on demand (`import()` from the print page): the library is a
 * chunk of its own, outside the first load.
 */
import {
	AlignmentType,
	Document,
	Footer,
	Packer,
	PageNumber,
	Paragraph,
	TextRun,
	type ParagraphChild
} from 'docx';
import {
	listMarkers,
	type PrintDocument,
	type PrintOpinion,
	type RichBlock
} from '$lib/domain/print';

export interface DocxLabels {
	to: string;
	caseRef: string;
	received: string;
	scope: string;
	family: string;
	draft: string;
	footer: string;
	page: string;
	pageSep: string;
	signAssistant: string;
	signHead: string;
}

function blockParagraphs(blocks: readonly RichBlock[]): Paragraph[] {
	const markers = listMarkers(blocks);
	return blocks.map((b, i) => {
		const runs: ParagraphChild[] = [];
		if (markers[i]) runs.push(new TextRun(`${markers[i]} `));
		for (const r of b.runs)
			runs.push(
				new TextRun({ text: r.text, bold: r.bold, italics: r.italic || b.type === 'quote' })
			);
		return new Paragraph({
			children: runs,
			indent: b.depth > 0 ? { left: 360 * b.depth } : undefined
		});
	});
}

/** [DR8] The DOCX bytes of an opinion (header with the court and sygnatura, sections, footer). */
export async function opinionDocx(
	doc: PrintDocument & { body: PrintOpinion },
	hash: string,
	l: DocxLabels
): Promise<Blob> {
	const o = doc.body;
	const right = (text: string, bold = false) =>
		new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text, bold })] });
	const children: Paragraph[] = [
		right(`${l.to}: ${o.court}`, true),
		right(`${l.caseRef}: ${o.caseRef}`, true),
		right(`${l.received} ${o.received}`),
		new Paragraph({ text: '' }),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			children: [new TextRun({ text: doc.title.toUpperCase(), bold: true, size: 28 })]
		}),
		new Paragraph({ children: [new TextRun(`${l.family}: ${doc.familyName}`)] })
	];
	if (doc.draft)
		children.push(
			new Paragraph({ children: [new TextRun({ text: l.draft, bold: true, color: 'B00000' })] })
		);
	if (o.scope) children.push(new Paragraph({ children: [new TextRun(`${l.scope}: ${o.scope}`)] }));
	for (const s of o.sections) {
		children.push(
			new Paragraph({
				spacing: { before: 240 },
				children: [new TextRun({ text: s.title, bold: true })]
			})
		);
		children.push(...blockParagraphs(s.blocks));
	}
	children.push(new Paragraph({ text: '', spacing: { before: 720 } }));
	children.push(new Paragraph({ text: `…………………………… ${l.signAssistant}` }));
	children.push(new Paragraph({ text: `…………………………… ${l.signHead}`, spacing: { before: 480 } }));
	const document = new Document({
		creator: 'Asysta',
		title: `${doc.title} — ${o.caseRef}`,
		sections: [
			{
				footers: {
					default: new Footer({
						children: [
							new Paragraph({
								children: [new TextRun({ text: `${doc.version} · ${l.footer} ${hash}`, size: 14 })]
							}),
							new Paragraph({
								alignment: AlignmentType.RIGHT,
								children: [
									new TextRun({
										size: 16,
										children: [
											`${l.page} `,
											PageNumber.CURRENT,
											` ${l.pageSep} `,
											PageNumber.TOTAL_PAGES
										]
									})
								]
							})
						]
					})
				},
				children
			}
		]
	});
	return Packer.toBlob(document);
}
