// The apps' files of the structured scan corpus (generate-structured.mjs): npm lockfile v3 entries
// as npm writes them, and UTF-8 locale files shaped like excalidraw's packages/excalidraw/locales
// (none is copied). SRI integrity hashes are the look-alikes here.
import { base64, cap, version, WORDS } from './structured-text.mjs';

const SCOPES = ['', '', '', '@babel/', '@types/', '@esbuild/', '@smithy/', '@aws-sdk/', '@opentelemetry/'];

/** One `packages` entry of a package-lock.json v3 (two-space indent, as npm writes it). */
export function lockEntry(rng) {
  // One package in a thousand names a gateway, as AWS SDK clients do.
  const name = rng.chance(0.001)
    ? `@aws-sdk/client-api-gateway${rng.range(0, 99)}`
    : `${rng.pick(SCOPES)}${rng.pick(WORDS)}-${rng.pick(WORDS)}${rng.chance(0.3) ? `-${rng.range(2, 99)}` : ''}`;
  const v = version(rng);
  const base = name.includes('/') ? name.split('/')[1] : name;
  const lines = [
    `    "node_modules/${name}": {`,
    `      "version": "${v}",`,
    `      "resolved": "https://registry.npmjs.org/${name}/-/${base}-${v}.tgz",`,
    // Old packages still carry SHA-1 integrity; nearly all carry SHA-512.
    rng.chance(0.03) ? `      "integrity": "sha1-${base64(rng, 20)}",` : `      "integrity": "sha512-${base64(rng, 64)}",`,
  ];
  if (rng.chance(0.6)) lines.push('      "dev": true,');
  lines.push(`      "license": "${rng.pick(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"${rng.chance(0.6) ? ',' : ''}`);
  if (lines[lines.length - 1].endsWith(',')) {
    const deps = Array.from({ length: rng.range(1, 5) }, () => `        "${rng.pick(SCOPES)}${rng.pick(WORDS)}-${rng.pick(WORDS)}": "^${version(rng)}"`);
    lines.push('      "dependencies": {', [...new Set(deps)].join(',\n'), '      },', '      "engines": {', `        "node": ">=${rng.range(6, 20)}"`, '      }');
  }
  lines.push('    },');
  return `${lines.join('\n')}\n`;
}

// Words per locale, enough to make UTF-8 strings of the right script and length.
const LOCALES = {
  'de-DE': ['Einfügen', 'Zeichenfläche', 'verschieben', 'Löschen', 'Formatierung', 'übernehmen', 'Hintergrund', 'ändern', 'Größe'],
  'fr-FR': ['Coller', 'sélectionner', 'arrière-plan', 'Supprimer', 'modèle', 'été', 'copié', 'presse-papiers', 'Paramètres'],
  'ja-JP': ['貼り付け', 'すべて選択', 'キャンバス', '移動', '削除', '背景', '変更', 'クリップボード', '設定'],
  'ru-RU': ['Вставить', 'Выбрать', 'холст', 'Удалить', 'фон', 'Изменить', 'буфер', 'обмена', 'Настройки'],
  'zh-CN': ['粘贴', '全选', '画布', '移动', '删除', '背景', '更改', '剪贴板', '设置'],
  'ar-SA': ['لصق', 'تحديد', 'الكل', 'اللوحة', 'حذف', 'الخلفية', 'تغيير', 'الحافظة', 'الإعدادات'],
  'hi-IN': ['चिपकाएँ', 'सभी', 'चुनें', 'कैनवास', 'हटाएँ', 'पृष्ठभूमि', 'बदलें', 'क्लिपबोर्ड', 'सेटिंग्स'],
  'pt-BR': ['Colar', 'Selecionar', 'tudo', 'Excluir', 'plano', 'fundo', 'Alterar', 'área', 'transferência'],
  'ko-KR': ['붙여넣기', '모두', '선택', '캔버스', '삭제', '배경', '변경', '클립보드', '설정'],
  'en-US': ['Paste', 'Select', 'all', 'canvas', 'Delete', 'background', 'Change', 'clipboard', 'Settings'],
};
export const LOCALE_IDS = Object.keys(LOCALES);

/** A section of a locale file: `"labels": { "pasteAsPlaintext": "…", … }`. */
export function localeSection(rng, locale) {
  const words = LOCALES[locale];
  const entries = Array.from({ length: rng.range(8, 40) }, (_, i) => {
    const key = `${rng.pick(['paste', 'copy', 'select', 'change', 'export', 'toggle', 'show'])}${cap(rng.pick(WORDS))}${i}`;
    const text = Array.from({ length: rng.range(1, 7) }, () => rng.pick(words)).join(' ');
    const value = rng.chance(0.05) ? `${text} {{count}}` : text;
    return `    "${key}": "${value}"`;
  });
  return `  "${rng.pick(['labels', 'buttons', 'alerts', 'errors', 'toolBar', 'hints', 'stats', 'welcomeScreen'])}${rng.range(0, 99)}": {\n${entries.join(',\n')}\n  },\n`;
}
