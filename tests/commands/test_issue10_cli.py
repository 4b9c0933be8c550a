"""Issue 10 behaviours of the commands: writes under signals, pipes, the terminal, score's YAML and
numbers, and the Python API over pandas and Arrow."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from polex.cli import main
from polex.formats.files import TMP_MARK, atomic_paths, remove_stale

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "pipeline.csv"
POLEX = [sys.executable, "-m", "polex.cli"]


def run(*args, code=0):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code == code, res.output
    return res


def test_sigterm_removes_the_temp_file_and_keeps_the_target(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    # The child starts from a clean signal state: a mask or disposition inherited from the test
    # process (some C libraries block signals in their threads) must not decide the outcome.
    script = (f"import signal; signal.pthread_sigmask(signal.SIG_UNBLOCK, {{signal.SIGTERM, signal.SIGHUP}}); "
              f"signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
              f"import time, pathlib; from polex.formats.files import atomic_path\n"
              f"with atomic_path(pathlib.Path({str(target)!r})) as tmp:\n"
              f"    tmp.write_text('half'); print('ready', flush=True); time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    assert len(list(tmp_path.iterdir())) == 2
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    assert proc.returncode == -signal.SIGTERM
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"] and target.read_text() == "previous\n"


def test_a_killed_runs_temp_file_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "out.csv"
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    stale = tmp_path / f".out.csv{TMP_MARK}{proc.pid}-abc.tmp"
    stale.write_bytes(b"x" * 1000)
    mine = tmp_path / f".out.csv{TMP_MARK}{os.getpid()}-abc.tmp"  # a live process's: kept
    mine.write_bytes(b"x")
    assert remove_stale(target) == [stale]
    assert mine.exists()
    mine.unlink()
    run("rank", FIXTURE, "--out", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_out_and_rejects_land_together_or_not_at_all(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    with pytest.raises(RuntimeError), atomic_paths(a, b) as (ta, tb):
        ta.write_text("1")
        tb.write_text("2")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = run("rank", FIXTURE, "--out", a, "--rejects", blocker / "r.csv", code=1)
    assert str(blocker / "r.csv") in res.output and ".tmp" not in res.output
    assert not a.exists()  # --rejects could not land, so --out did not either


def test_out_dash_writes_the_ranking_to_stdout_and_the_summary_to_stderr(tmp_path):
    res = run("rank", FIXTURE, "--out", "-", "--format", "tsv", "--columns", "families,stage")
    lines = res.stdout.splitlines()
    assert lines[0].split("\t")[:2] == ['"rank"', '"id"'] and "family_demand" in lines[0] and len(lines) == 156
    assert "155 rows: 155 ranked, 0 rejected" in res.stderr
    assert run("rank", FIXTURE, "--out", "-", "--quiet").stderr == ""
    run("rank", FIXTURE, "--out", "-", "--format", "xlsx", code=2)
    res = run("rank", FIXTURE, "--out", tmp_path / "x.csv", "--columns", "stagee", code=2)
    assert "did you mean 'stage'" in res.output


@pytest.mark.parametrize("args", [["demo"], ["rank", str(FIXTURE)], ["rank", str(FIXTURE), "--out", "-"],
                                  ["rules", "list"]])
def test_a_closed_pipe_exits_0_quietly(args):
    proc = subprocess.Popen([sys.executable, "-c", "from polex.cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    time.sleep(0.1)
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 0, err
    assert "Traceback" not in err and "Error" not in err


def test_control_characters_reach_the_terminal_escaped(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text('id,partner_city,country,name\nA\x1b[2J,Hanoi,VNM,"x\x1b[31mred\x07"\n', encoding="utf-8")
    res = run("rank", path)
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    assert "A\\x1b[2J" in res.stdout and "\\x07" in res.stdout


def test_score_reads_yaml_as_text_and_one_number_parser(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("id: 0012\npartner_city: Oslo\ncountry: NO\nphased: 예\n", encoding="utf-8")
    assert '"id": "0012"' in run("score", path, "--format", "json").stdout
    path.write_text("a: &x [1]\nid: *x\n", encoding="utf-8")
    assert "YAML aliases (*x) are not accepted" in run("score", path, code=1).output
    base = ["score", "--set", "id=x", "--set", "partner_city=Hanoi", "--set", "country=VNM"]
    res = run(*base, "--set", "payback_years=4,5", code=1)
    assert "a comma separates thousands only in groups of three" in res.output
    run(*base, "--set", "payback_years=4,5", "--decimal-comma")
    run(*base, "--set", "payback_years=1,000", "--set", "partner_priority=예")


def test_rank_accepts_a_dataframe_and_an_arrow_table():
    pd = pytest.importorskip("pandas")
    import pyarrow as pa

    import polex

    frame = pd.DataFrame({"ID": ["a", "b"], "Partner City": ["Hanoi", "Seoul"], "country": ["VNM", "KOR"],
                          "stage": ["pilot", None], "trained_officials": [3, None],
                          "funding_sources": ["mdb;oda_loan", None]})
    for source in (frame, pa.Table.from_pandas(frame)):
        ranking = polex.rank(source)
        table = ranking.to_arrow(columns=["families", "funding_sources"])
        assert table.schema.field("rank").type == pa.int64() and table.schema.field("eligible").type == pa.bool_()
        assert pa.types.is_list(table.schema.field("top_reasons").type)
        assert pa.types.is_list(table.schema.field("funding_sources").type)
        assert sorted(table.column("id").to_pylist()) == ["a", "b"]
        df = ranking.to_pandas()
        assert list(df["rank"]) == [1, 2] and isinstance(df["top_reasons"][0], (list, type(df["top_reasons"][0])))


def test_score_start_up_imports_no_pandas_or_pyarrow():
    code = ("import sys; from polex.cli import main\n"
            "try:\n    main(['score', '--set', 'id=x', '--set', 'partner_city=H', '--set', 'country=VNM'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_korean_rejects_file_and_reject_lines(tmp_path):
    bad = Path(__file__).resolve().parents[1] / "bad_inputs" / "files"
    out = tmp_path / "r.csv"
    res = run("rank", bad / "r01_blank_lines.csv", "--lang", "ko", "--rejects", out)
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "행,id,항목,값,허용 값,제안"
    assert "다음 중 하나: discovery" in text and "one of" not in text
    assert "제외 1건" in res.stderr
    res = run("rank", bad / "n01_decimal_comma.csv", "--lang", "ko")
    assert "허용 값 숫자 >= 0 (쉼표는 1,000처럼" in res.stderr
    res = run("rank", bad / "h01_case.csv", "--lang", "ko")
    assert "항목으로 읽음: 'ID' -> id" in res.stderr and "'Stage' -> stage" in res.stderr
