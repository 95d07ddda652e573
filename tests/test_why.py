"""A question asking why gets the prose that explains, not the code example beside it."""

import pytest

from bot.answer import Answerer
from bot.heading_asked import code_share
from bot.index import build
from bot.query import analyze

ERROR_PAGE = """# Compiler Error E9001

> 'identifier': a universal character name is not allowed here

## Remarks

A universal character name in an identifier must denote a letter or digit that the
identifier may hold; a basic character written as one is not allowed in a variable name.

## Example

The following sample generates E9001:

```cpp
// E9001.cpp
int \\u0041 = 0;   // E9001: variable identifier
int main() {
   int letter = 1;   // OK
   return letter;
}
```

## See also

"""
# too long a page to be quoted whole (see bot.quote.with_neighbours)
ERROR_PAGE += "[Compiler errors C2000 through C3999](compiler-errors.md) " * 14 + "\n"


OTHER_PAGE = """# Compiler Error E9002

> 'function': a return statement is missing

## Remarks

A function that returns a value must end every path with a return statement.

## Example

```cpp
// E9002.cpp
int f(int x) { if (x) return 1; }   // E9002
```
"""


@pytest.fixture(scope="module")
def error_docs(tmp_path_factory) -> Answerer:
    root = tmp_path_factory.mktemp("error-docs")
    (root / "corpus").mkdir()
    (root / "corpus" / "e9001.md").write_text(ERROR_PAGE, encoding="utf-8")
    (root / "corpus" / "e9002.md").write_text(OTHER_PAGE, encoding="utf-8")
    index, _ = build(root / "corpus", root / "index")
    return Answerer(index)


def test_why_questions_are_told_apart(error_docs):
    for question in ("why does E9001 fire?", "what causes E9001", "what's wrong with my name"):
        assert analyze(question, error_docs.vocab).asks_why, question
    for question in ("how do I fix E9001?", "a meaningful variable name", "wrongly named"):
        assert not analyze(question, error_docs.vocab).asks_why, question


def test_code_share_counts_fenced_code():
    assert code_share("```cpp\nint x;\n```") == 1.0
    assert code_share("no code here") == 0.0
    assert 0.3 < code_share("Some prose before it.\n```\ncode\n```") < 0.7


def test_a_why_question_is_answered_by_the_remarks_not_the_example(error_docs):
    answer = error_docs.ask(
        "why is E9001 raised on my variable name with \\u0041 in the identifier?"
    )
    assert answer.answered
    assert answer.results[0].passage.heading_path[-1] == "Remarks"
    # the same words, not asking why: the example still comes first
    answer = error_docs.ask("E9001 raised on my variable name with \\u0041 in the identifier")
    assert answer.results[0].passage.heading_path[-1] != "Remarks"
