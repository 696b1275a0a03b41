"""nbgrader settings for the course. Run nbgrader from the repository root."""

import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "harm-reduction-therapy"
# Instructor versions (with solutions and hidden tests) live in source/;
# `nbgrader generate_assignment` writes the student versions to assignments/.
c.CourseDirectory.root = HERE
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "assignments"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(HERE, "gradebook.db")

# A quiz runs in seconds; anything slower is a stuck submission.
c.ExecutePreprocessor.timeout = 30
c.ExecutePreprocessor.startup_timeout = 60
c.ExecutePreprocessor.interrupt_on_timeout = True

# Student versions should say where to write, in plain words.
c.ClearSolutions.code_stub = {
    "python": "# Answer by clicking the options above; or type your answer here.\n"
    "raise NotImplementedError()"
}
c.ClearSolutions.text_stub = "Write your answer here."

# Click quizzes are scored from the students' answers as data, in this process, never by
# running their notebooks (a student's own cells run before any hidden test and could
# award themselves the points); other notebooks are executed as usual.
# See hrcourse/instructor/trusted.py and docs/instructor-guide.md.
c.Autograde.autograde_preprocessors = [
    "hrcourse.instructor.trusted.ClickScoring",  # instead of nbgrader's Execute
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "hrcourse.instructor.trusted.CheckCellMetadataOnce",
]
# Feedback shows each item's answer, points and explanation, but not the hidden tests,
# which hold the keys: the quiz can be reused. "always" also names the correct option.
c.ClickScoring.reveal_key = "never"
# A copied graded cell must not make nbgrader refuse the whole notebook.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "hrcourse.instructor.trusted.DropDuplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "hrcourse.instructor.trusted.CheckCellMetadataOnce",  # same check, ~3x faster
]
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "hrcourse.instructor.trusted.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Saved answer files belong to students, never to a release.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Instructors can override any of this in a private nbgrader_config.py of their own
# course copy (e.g. c.Exchange.root for a shared exchange on a JupyterHub).
