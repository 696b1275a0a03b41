"""CSS the course's widgets share (the ground floor: imports nothing of ours)."""

# ipywidgets gives each radio option and checkbox one fixed-height line; a long option
# then spills over the next one and covers its button. Let options in course widgets
# wrap and grow instead (applies to containers with the class "hr-options").
OPTIONS_CSS = """<style>
.hr-options .widget-radio-box label, .hr-options .widget-checkbox label {
  height: auto !important; min-height: 1.6em; line-height: 1.4 !important;
  white-space: normal !important; overflow: visible !important; text-overflow: clip;
  display: flex; align-items: flex-start; margin: 0.15em 0 0.5em 0; }
.hr-options .widget-radio-box input, .hr-options .widget-checkbox input {
  flex: 0 0 auto; margin-top: 0.25em; }
/* ipywidgets puts a radio button after its text; the button comes first, as in forms */
.hr-options .widget-radio-box input { order: -1; margin-right: 0.5em; }
.hr-options .widget-radio, .hr-options .widget-radio-box, .hr-options .widget-checkbox {
  height: auto !important; }
/* ipywidgets shows a focused text box only by a 1px light-blue border (about 2:1 against
   white, under WCAG 1.4.11's 3:1); text boxes with the class "hr-field" get an outline */
.hr-field input:focus-visible, .hr-field textarea:focus-visible {
  outline: 2px solid #0072B2 !important; outline-offset: 1px; }
</style>"""
