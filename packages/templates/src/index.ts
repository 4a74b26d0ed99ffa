export { templates, templateIds, loadTemplate, templatePath, type TemplateInfo, type TemplateId } from './templates.ts';
